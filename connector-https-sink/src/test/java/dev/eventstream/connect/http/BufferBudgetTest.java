package dev.eventstream.connect.http;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BufferBudgetTest {

    private static final long MIB = 1024 * 1024;

    @Test
    void aTaskPausesBeyondItsOwnBoundAndResumesBelowHalfOfIt() {
        BufferBudget.Share share = new BufferBudget(1024 * MIB).join(25);
        share.add(16 * MIB);
        assertThat(share.shouldPause(16 * MIB)).isFalse();
        share.add(1);
        assertThat(share.shouldPause(16 * MIB)).isTrue();

        share.add(-8 * MIB);
        assertThat(share.mayResume(16 * MIB)).isFalse();
        share.add(-1);
        assertThat(share.mayResume(16 * MIB)).isTrue();
    }

    @Test
    void theWorkersBoundIsAShareOfTheMaxHeapAndTheSmallestShareAsked() {
        BufferBudget budget = new BufferBudget(1000 * MIB);
        BufferBudget.Share a = budget.join(25);
        assertThat(budget.limit()).isEqualTo(250 * MIB);
        BufferBudget.Share b = budget.join(10);
        assertThat(budget.limit()).isEqualTo(100 * MIB);
        b.close();
        assertThat(budget.limit()).isEqualTo(250 * MIB);
        a.close();
    }

    @Test
    void pastTheWorkersBoundTasksAboveTheirFairPartPauseAndTheOthersGoOn() {
        BufferBudget budget = new BufferBudget(400 * MIB);
        BufferBudget.Share[] tasks = new BufferBudget.Share[10];
        for (int i = 0; i < tasks.length; i++) {
            tasks[i] = budget.join(25);
        }
        // 100 MiB for the worker, a fair part of 10 MiB per task; each task's own bound is 32 MiB
        for (int i = 0; i < 4; i++) {
            tasks[i].add(24 * MIB); // slow endpoints, each within its own bound
        }
        assertThat(budget.held()).isEqualTo(96 * MIB);
        assertThat(tasks[0].shouldPause(32 * MIB)).as("the worker is within its bound").isFalse();

        tasks[4].add(5 * MIB);
        assertThat(budget.held()).isGreaterThan(budget.limit());
        assertThat(tasks[0].shouldPause(32 * MIB)).as("above its fair part while the worker is over").isTrue();
        assertThat(tasks[4].shouldPause(32 * MIB)).as("a healthy task below its fair part goes on").isFalse();
        assertThat(tasks[9].shouldPause(32 * MIB)).isFalse();

        tasks[0].add(-20 * MIB);
        assertThat(budget.held()).isLessThanOrEqualTo(budget.limit());
        assertThat(tasks[1].shouldPause(32 * MIB)).as("the worker is back within its bound").isFalse();
        assertThat(tasks[1].mayResume(32 * MIB)).as("but 24 MiB is above half its own bound").isFalse();
        tasks[1].add(-9 * MIB);
        assertThat(tasks[1].mayResume(32 * MIB)).isTrue();
    }

    @Test
    void aStoppedTaskGivesBackWhatItHeldAndLateChangesAreIgnored() {
        BufferBudget budget = new BufferBudget(1024 * MIB);
        BufferBudget.Share share = budget.join(25);
        share.add(3 * MIB);

        share.close();
        share.add(-1 * MIB);

        assertThat(budget.held()).isZero();
        assertThat(share.bytes()).isZero();
    }
}
