package dev.eventstream.connect.http;

import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.NoSuchElementException;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IntDequeTest {

    @Test
    void behavesLikeADequeAcrossGrowthAndWrapAround() {
        IntDeque deque = new IntDeque();
        ArrayDeque<Integer> reference = new ArrayDeque<>();
        Random random = new Random(17);
        for (int i = 0; i < 20_000; i++) {
            int op = random.nextInt(3);
            if (op == 0) {
                deque.addLast(i);
                reference.addLast(i);
            } else if (op == 1) {
                deque.addFirst(i);
                reference.addFirst(i);
            } else if (!reference.isEmpty()) {
                assertThat(deque.pollFirst()).isEqualTo(reference.pollFirst());
            }
            assertThat(deque.size()).isEqualTo(reference.size());
        }
        assertThat(deque.sum()).isEqualTo(reference.stream().mapToLong(Integer::longValue).sum());
        while (!reference.isEmpty()) {
            assertThat(deque.pollFirst()).isEqualTo(reference.pollFirst());
        }
        assertThatThrownBy(deque::pollFirst).isInstanceOf(NoSuchElementException.class);
    }

    @Test
    void clearEmptiesIt() {
        IntDeque deque = new IntDeque();
        deque.addLast(5);
        deque.addFirst(7);
        deque.clear();
        assertThat(deque.size()).isZero();
        assertThat(deque.sum()).isZero();
        deque.addLast(3);
        assertThat(deque.pollFirst()).isEqualTo(3);
    }
}
