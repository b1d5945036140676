package dev.nyt.digest.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SendBudgetTest {

    @Test
    void a_short_tick_is_the_whole_send_budget() {
        assertThat(DigestScheduler.sendBudget(Duration.ofSeconds(5))).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void a_long_tick_sends_for_at_most_the_cap_so_the_open_transaction_cannot_time_out() {
        assertThat(DigestScheduler.sendBudget(Duration.ofSeconds(3_600))).isEqualTo(DigestScheduler.MAX_SEND_BUDGET);
    }
}
