package dev.eventstream.connect.http;

import java.util.NoSuchElementException;

/** A growable double-ended queue of ints (no boxing): the heap sizes of a partition's queued records. Not thread-safe. */
final class IntDeque {

    private static final int[] NONE = new int[0];

    private int[] values = NONE;
    private int head;
    private int size;

    void addLast(int value) {
        grow();
        values[(head + size) & (values.length - 1)] = value;
        size++;
    }

    void addFirst(int value) {
        grow();
        head = (head - 1) & (values.length - 1);
        values[head] = value;
        size++;
    }

    int pollFirst() {
        if (size == 0) {
            throw new NoSuchElementException("empty");
        }
        int value = values[head];
        head = (head + 1) & (values.length - 1);
        size--;
        if (size == 0 && values.length > 256) {
            values = NONE; // an idle partition keeps no large array
            head = 0;
        }
        return value;
    }

    int size() {
        return size;
    }

    /** The sum of the values held. */
    long sum() {
        long sum = 0;
        for (int i = 0; i < size; i++) {
            sum += values[(head + i) & (values.length - 1)];
        }
        return sum;
    }

    /** Empties the queue and lets its array go. */
    void clear() {
        values = NONE;
        head = 0;
        size = 0;
    }

    private void grow() {
        if (size < values.length) {
            return;
        }
        int[] grown = new int[Math.max(16, values.length * 2)];
        for (int i = 0; i < size; i++) {
            grown[i] = values[(head + i) & (values.length - 1)];
        }
        values = grown;
        head = 0;
    }
}
