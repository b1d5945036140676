package dev.nyt.local.up;

import tools.jackson.databind.JsonNode;
import dev.nyt.client.Notify;
import dev.nyt.client.Nyt;
import dev.nyt.events.Subscribe;
import dev.nyt.events.Target;
import dev.nyt.events.User;
import dev.nyt.events.topic.Topics;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * {@code ./nyt demo}: what nyt does, shown as a person would see it, against the system {@link NytUp} started.
 * Two users subscribe (one to a single comment), notify events are published with the {@link Nyt} client, and
 * the HTTP API shows the unread list, a repeat coalesced into "2 times", a mark-read; the mail catcher shows the
 * e-mail; the inbox shows the badge counts, mark-seen, archive all read, and the link to the web inbox. Each step checks that it saw what it shows; {@link #run()} is true only when all did.
 */
final class Demo {

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final String KEY = "comment/response";

    private final NytUp up;
    private final PrintStream out;
    private final String run = Integer.toString(ThreadLocalRandom.current().nextInt(36 * 36 * 36, 36 * 36 * 36 * 36), 36);
    private final List<String> failures = new ArrayList<>();

    Demo(NytUp up, PrintStream out) {
        this.up = up;
        this.out = out;
    }

    boolean run() {
        String alice = "alice-" + run;
        String bob = "bob-" + run;
        Topics topics = Topics.fromEnv(up.settings().env());
        Optional<String> secret = up.settings().get("NYT_AUTH_MODE").filter("dev"::equals).isPresent()
                ? Optional.empty() : up.settings().get("NYT_JWT_SECRET");
        try (Nyt nyt = Nyt.connect(up.bootstrapServers(), topics); ApiClient api = new ApiClient(up.baseUrl(), secret)) {
            step("1. Two users, and their subscriptions (the Nyt client: upsertUser, subscribe)");
            nyt.upsertUser(new User(alice, alice + "@example.com", "Alice", true)).join();
            nyt.upsertUser(new User(bob, bob + "@example.com", "Bob", true)).join();
            nyt.subscribe(alice, KEY).join();
            nyt.subscribe(new Subscribe(bob, KEY, Target.of("comments.comment", "42"), null, true)).join();
            out.printf("   %s follows every \"%s\"; %s only those about comments.comment 42%n", alice, KEY, bob);
            check(await(() -> api.get(alice, "/api/v1/subscriptions").body().contains(KEY))
                    && await(() -> api.get(bob, "/api/v1/subscriptions").body().contains("\"42\"")),
                    "both subscriptions are registered (GET /api/v1/subscriptions)");

            step("2. Three notify() calls, one of them twice with the same eventId");
            String reply = "Bob replied to your comment";
            nyt.notify(Notify.of(reply, KEY).eventId("demo-" + run + "-1").target("comments.comment", "42").url("/comments/42")).join();
            nyt.notify(Notify.of(reply, KEY).eventId("demo-" + run + "-1").target("comments.comment", "42").url("/comments/42")).join();
            nyt.notify(Notify.of(reply, KEY).eventId("demo-" + run + "-2").target("comments.comment", "42").url("/comments/42")).join();
            nyt.notify(Notify.of("Carol replied to your comment", KEY).eventId("demo-" + run + "-3")
                    .target("comments.comment", "7").url("/comments/7")).join();
            out.printf("   \"%s\" (comment 42) twice, the first one published twice; \"Carol replied ...\" (comment 7) once%n", reply);

            step("3. " + alice + "'s unread notifications (GET /api/v1/notifications)");
            String aliceList = "/api/v1/notifications?viewed=false";
            check(await(() -> objects(api.get(alice, aliceList)).size() == 2
                            && objects(api.get(alice, aliceList)).stream().anyMatch(o -> o.path("occurrences").asInt() == 2)),
                    alice + " has 2 unread notifications, the repeat coalesced");
            List<JsonNode> aliceUnread = objects(api.get(alice, aliceList));
            show(aliceUnread);
            check(aliceUnread.stream().anyMatch(o -> reply.equals(o.path("message").asString())
                            && "2 times".equals(o.path("occurrences_msg").asString())),
                    "\"" + reply + "\" shows \"2 times\" (the eventId published twice counted once)");

            step("4. " + bob + " follows comment 42 only");
            String bobList = "/api/v1/notifications?viewed=false";
            check(await(() -> objects(api.get(bob, bobList)).size() == 1
                    && objects(api.get(bob, bobList)).getFirst().path("occurrences").asInt() == 2), bob + " has 1 unread notification");
            List<JsonNode> bobUnread = objects(api.get(bob, bobList));
            show(bobUnread);

            step("5. " + bob + " marks it read (POST /api/v1/notifications/mark-read)");
            long newest = bobUnread.getFirst().path("pk").asLong();
            ApiClient.Answer marked = api.post(bob, "/api/v1/notifications/mark-read", "{\"idLte\": " + newest + "}");
            out.printf("   {\"idLte\": %d} -> %d %s%n", newest, marked.status(), marked.body());
            check(marked.status() == 200, "mark-read answered 200");
            check(await(() -> objects(api.get(bob, bobList)).isEmpty()), bob + " has no unread notification left");
            out.printf("   unread now: %d; all: %d%n", objects(api.get(bob, bobList)).size(),
                    objects(api.get(bob, "/api/v1/notifications?viewed=all")).size());

            step("6. The e-mail " + alice + " got (digest interval: instantly)");
            showMail(alice + "@example.com", reply);

            step("7. " + alice + "'s inbox: the badge, the bell opened (mark-seen), archive all read");
            String counts = "/api/v1/notifications/counts";
            check(await(() -> api.get(alice, counts).body().equals("{\"success\":true,\"unread\":2,\"unseen\":2}")),
                    "the badge counts 2 unread, 2 unseen (GET " + counts + ")");
            ApiClient.Answer seen = api.post(alice, "/api/v1/notifications/mark-seen", "{}");
            out.printf("   POST /api/v1/notifications/mark-seen -> %d %s; %s%n", seen.status(), seen.body(), api.get(alice, counts).body());
            check(api.get(alice, counts).body().equals("{\"success\":true,\"unread\":2,\"unseen\":0}"),
                    "seen clears the unseen count, both stay unread");
            api.post(alice, "/api/v1/notifications/mark-all-read", "{\"keyGlob\":\"comment/*\"}");
            api.post(alice, "/api/v1/notifications/archive", "{\"onlyRead\":true}");
            check(objects(api.get(alice, "/api/v1/notifications?state=archived")).size() == 2
                    && api.get(alice, counts).body().equals("{\"success\":true,\"unread\":0,\"unseen\":0}"),
                    "mark-all-read by glob, then archive all read: both archived, the badge at 0");
            out.printf("   the web inbox of %s: %s/inbox#%s%n", alice, up.baseUrl(), secret
                    .map(s -> "token=" + ApiClient.token(s.getBytes(java.nio.charset.StandardCharsets.UTF_8), alice))
                    .orElse("user=" + alice));
        } catch (RuntimeException e) {
            failures.add("unexpected error: " + e);
        }
        if (!failures.isEmpty()) {
            out.println("\nFailed steps:");
            failures.forEach(failure -> out.println("  - " + failure));
        }
        return failures.isEmpty();
    }

    private void showMail(String to, String expected) {
        Optional<MailCatcher> catcher = up.mailCatcher();
        if (catcher.isEmpty()) {
            out.printf("   sent over SMTP to %s:%s; look there (nyt-email-events has the DigestSent)%n",
                    up.settings().get("NYT_SMTP_HOST").orElse(""), up.settings().get("NYT_SMTP_PORT").orElse(""));
            return;
        }
        Supplier<Optional<MailCatcher.CaughtMail>> find = () -> catcher.get().messages().stream()
                .filter(mail -> mail.to().contains(to) && mail.body().contains(expected)).findFirst();
        boolean arrived = await(() -> find.get().isPresent());
        check(arrived, "an e-mail to " + to + " arrived" + (up.settings().get("NYT_AUTH_MODE").orElse("").equals("dev")
                ? " (also at " + up.baseUrl() + "/dev/mail)" : ""));
        find.get().ifPresent(mail -> {
            out.printf("   To:         %s%n   From:       %s%n   Subject:    %s%n   Message-ID: %s%n%n", mail.to(), mail.from(),
                    mail.subject(), mail.messageId());
            mail.body().strip().lines().forEach(line -> out.println("   | " + line));
        });
    }

    private void show(List<JsonNode> objects) {
        for (JsonNode o : objects) {
            out.printf(Locale.ROOT, "   #%-15d %-30s %-14s %-8s %s%n", o.path("pk").asLong(), o.path("message").asString(),
                    o.path("url").asString(""), o.path("occurrences_msg").asString(), o.path("since").asString());
        }
    }

    private static List<JsonNode> objects(ApiClient.Answer answer) {
        List<JsonNode> list = new ArrayList<>();
        if (answer.status() == 200 && answer.json() != null) {
            answer.json().path("objects").forEach(list::add);
        }
        return list;
    }

    private void step(String title) {
        out.println();
        out.println(title);
    }

    private void check(boolean ok, String what) {
        out.println((ok ? "   ok: " : "   FAILED: ") + what);
        if (!ok) {
            failures.add(what);
        }
    }

    private static boolean await(Supplier<Boolean> condition) {
        long giveUp = System.nanoTime() + PATIENCE.toNanos();
        while (true) {
            try {
                if (condition.get()) {
                    return true;
                }
            } catch (RuntimeException e) {
                // not yet: the API or the broker may still be busy
            }
            if (System.nanoTime() > giveUp) {
                return false;
            }
            try {
                TimeUnit.MILLISECONDS.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }
}
