package dev.nyt.fanout;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Compact store values that only the fan-out reads back: a format version byte, then the fields in a fixed
 * order ({@link DataOutputStream}), with no names. A value of an unknown version is refused by name, so a
 * store written by another release fails the task loudly instead of being misread.
 */
public final class BinaryFormat {

    /** Writes the fields of one value. */
    public interface Writer<T> {
        void write(DataOutputStream out, T value) throws IOException;
    }

    /** Reads the fields of one value, in the order its writer wrote them. */
    public interface Reader<T> {
        T read(DataInputStream in) throws IOException;
    }

    private BinaryFormat() {
    }

    /** A serde of {@code name} values in format {@code version}; null stays null. */
    public static <T> Serde<T> serde(String name, int version, Writer<T> writer, Reader<T> reader) {
        return Serdes.serdeFrom(
                (topic, value) -> {
                    if (value == null) {
                        return null;
                    }
                    ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
                    try (DataOutputStream out = new DataOutputStream(bytes)) {
                        out.writeByte(version);
                        writer.write(out, value);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    return bytes.toByteArray();
                },
                (topic, data) -> {
                    if (data == null) {
                        return null;
                    }
                    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
                        int found = in.readUnsignedByte();
                        if (found != version) {
                            throw new IllegalArgumentException(name + " of format " + found + ", this release reads "
                                    + version + " (an internal format changed: see docs/OPERATIONS.md, application reset)");
                        }
                        return reader.read(in);
                    } catch (IOException e) {
                        throw new IllegalArgumentException(name + " value unreadable: " + e, e);
                    }
                });
    }

    public static void writeNullable(DataOutputStream out, String value) throws IOException {
        out.writeBoolean(value != null);
        if (value != null) {
            out.writeUTF(value);
        }
    }

    public static String readNullable(DataInputStream in) throws IOException {
        return in.readBoolean() ? in.readUTF() : null;
    }
}
