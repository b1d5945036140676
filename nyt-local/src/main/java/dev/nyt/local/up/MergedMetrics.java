package dev.nyt.local.up;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * One Prometheus text exposition from the scrapes of several registries (one per service in this JVM): each
 * metric family once, with its {@code # HELP} and {@code # TYPE} from the first scrape that has it and the
 * samples of every scrape (the services' {@code service} tag keeps their series apart).
 */
public final class MergedMetrics implements Supplier<String> {

    private final List<Supplier<String>> scrapes;

    public MergedMetrics(List<Supplier<String>> scrapes) {
        this.scrapes = List.copyOf(scrapes);
    }

    @Override
    public String get() {
        return merge(scrapes.stream().map(Supplier::get).toList());
    }

    static String merge(List<String> texts) {
        Map<String, Family> families = new LinkedHashMap<>();
        for (String text : texts) {
            Family current = null;
            for (String line : text.split("\n")) {
                if (line.isBlank()) {
                    continue;
                }
                if (line.startsWith("# HELP ") || line.startsWith("# TYPE ")) {
                    String name = line.substring(7).split(" ", 2)[0];
                    current = families.computeIfAbsent(name, key -> new Family());
                    current.header(line);
                } else if (line.startsWith("#")) {
                    continue;
                } else {
                    if (current == null) {
                        String name = line.split("[{ ]", 2)[0];
                        current = families.computeIfAbsent(name, key -> new Family());
                    }
                    current.samples.add(line);
                }
            }
        }
        StringBuilder out = new StringBuilder();
        for (Family family : families.values()) {
            family.headers.forEach(header -> out.append(header).append('\n'));
            family.samples.forEach(sample -> out.append(sample).append('\n'));
        }
        return out.toString();
    }

    private static final class Family {
        final List<String> headers = new ArrayList<>();
        final List<String> samples = new ArrayList<>();

        void header(String line) {
            String kind = line.substring(0, 7);
            if (headers.stream().noneMatch(existing -> existing.startsWith(kind))) {
                headers.add(line);
            }
        }
    }
}
