package dev.nyt.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One line of the results table: the runs' values of a figure, the SPEC §6 bar it is held against, and the
 * references it is compared with. A figure that could not be measured carries its {@code error} instead.
 */
final class Row {

    /** A reference figure: another system or a raw lower layer measured on the same machine. */
    record Ref(String name, double value, String source) {
    }

    final String id;
    final String figure;
    final String unit;
    final boolean higherIsBetter;
    final List<Double> values = new ArrayList<>();
    final List<Ref> refs = new ArrayList<>();
    final Map<String, Object> details = new LinkedHashMap<>();
    String bar;
    Double barValue;
    String error;

    Row(String id, String figure, String unit, boolean higherIsBetter) {
        this.id = id;
        this.figure = figure;
        this.unit = unit;
        this.higherIsBetter = higherIsBetter;
    }

    Row bar(String text, double value) {
        this.bar = text;
        this.barValue = value;
        return this;
    }

    Row ref(String name, double value, String source) {
        refs.add(new Ref(name, value, source));
        return this;
    }

    Row add(double value) {
        values.add(value);
        return this;
    }

    Row fail(String reason) {
        this.error = reason;
        return this;
    }

    /** Some runs were measured (a partial failure keeps them and its {@link #error}). */
    boolean ok() {
        return !values.isEmpty();
    }

    double median() {
        return Stats.median(values);
    }

    /** How many times better than the reference nyt is (above 1 = better), whatever the direction. */
    double ratio(Ref ref) {
        return higherIsBetter ? median() / ref.value() : ref.value() / median();
    }

    /** null when there is no bar or no value. */
    Boolean barMet() {
        if (barValue == null || !ok()) {
            return null;
        }
        return higherIsBetter ? median() >= barValue : median() <= barValue;
    }
}
