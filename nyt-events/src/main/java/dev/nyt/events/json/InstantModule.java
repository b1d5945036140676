package dev.nyt.events.json;

import com.fasterxml.jackson.annotation.JsonFormat;
import java.time.Instant;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.BeanDescription;
import tools.jackson.databind.BeanProperty;
import tools.jackson.databind.DeserializationConfig;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.SerializationConfig;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.ValueSerializer;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.deser.ValueDeserializerModifier;
import tools.jackson.databind.deser.std.DelegatingDeserializer;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.ser.ValueSerializerModifier;
import tools.jackson.databind.ser.std.StdSerializer;

/**
 * Cheap {@link Instant} text for the shared mappers: Jackson's own {@code Instant} serializer and
 * deserializer stay in place and handle everything, except that the plain UTC form
 * ({@link InstantText}) is read and written directly. So the accepted and refused texts and the
 * text written are Jackson's; only {@code DateTimeFormatter} is skipped on the common path. A
 * property with its own {@code @JsonFormat}, or a mapper writing timestamps as numbers, in a time
 * zone of its own or truncated to milliseconds, gets Jackson's handling untouched.
 */
final class InstantModule {

    private InstantModule() {
    }

    static SimpleModule create() {
        return new SimpleModule("nyt-instant-text")
                .setDeserializerModifier(new ValueDeserializerModifier() {
                    @Override
                    public ValueDeserializer<?> modifyDeserializer(DeserializationConfig config,
                                                                   BeanDescription.Supplier description,
                                                                   ValueDeserializer<?> deserializer) {
                        return description.getBeanClass() == Instant.class
                                ? new Reader(deserializer) : deserializer;
                    }
                })
                .setSerializerModifier(new ValueSerializerModifier() {
                    @Override
                    public ValueSerializer<?> modifySerializer(SerializationConfig config,
                                                               BeanDescription.Supplier description,
                                                               ValueSerializer<?> serializer) {
                        @SuppressWarnings("unchecked")
                        ValueSerializer<Instant> standard = (ValueSerializer<Instant>) serializer;
                        return description.getBeanClass() == Instant.class ? new Writer(standard) : serializer;
                    }
                });
    }

    /** A format given on the property (pattern, shape, zone, ...): Jackson's handling only. */
    private static boolean customised(JsonFormat.Value format) {
        return format != null && !format.equals(JsonFormat.Value.empty());
    }

    private static final class Reader extends DelegatingDeserializer {

        Reader(ValueDeserializer<?> standard) {
            super(standard);
        }

        @Override
        protected ValueDeserializer<?> newDelegatingInstance(ValueDeserializer<?> standard) {
            return new Reader(standard);
        }

        @Override
        public ValueDeserializer<?> createContextual(DeserializationContext ctxt, BeanProperty property) {
            ValueDeserializer<?> contextual = super.createContextual(ctxt, property);
            if (customised(findFormatOverrides(ctxt, property, Instant.class))) {
                return contextual instanceof Reader reader ? reader.getDelegatee() : contextual;
            }
            return contextual;
        }

        @Override
        public Object deserialize(JsonParser p, DeserializationContext ctxt) {
            if (p.hasToken(JsonToken.VALUE_STRING) && !ctxt.isEnabled(DateTimeFeature.TRUNCATE_TO_MSECS_ON_READ)) {
                Instant parsed = InstantText.parse(p.getStringCharacters(), p.getStringOffset(), p.getStringLength());
                if (parsed != null) {
                    return parsed;
                }
            }
            return super.deserialize(p, ctxt);
        }
    }

    private static final class Writer extends StdSerializer<Instant> {

        private final ValueSerializer<Instant> standard;

        Writer(ValueSerializer<Instant> standard) {
            super(Instant.class);
            this.standard = standard;
        }

        @Override
        public void resolve(SerializationContext ctxt) {
            standard.resolve(ctxt);
        }

        @Override
        @SuppressWarnings("unchecked")
        public ValueSerializer<?> createContextual(SerializationContext ctxt, BeanProperty property) {
            ValueSerializer<Instant> contextual = (ValueSerializer<Instant>) standard.createContextual(ctxt, property);
            if (customised(findFormatOverrides(ctxt, property, Instant.class))) {
                return contextual;
            }
            return contextual == standard ? this : new Writer(contextual);
        }

        @Override
        public void serialize(Instant value, JsonGenerator gen, SerializationContext ctxt) {
            if (!ctxt.isEnabled(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS)
                    && !ctxt.isEnabled(DateTimeFeature.TRUNCATE_TO_MSECS_ON_WRITE)
                    && !ctxt.getConfig().hasExplicitTimeZone()) {
                char[] text = new char[InstantText.MAX_LENGTH];
                int length = InstantText.format(value, text);
                if (length > 0) {
                    gen.writeString(text, 0, length);
                    return;
                }
            }
            standard.serialize(value, gen, ctxt);
        }
    }
}
