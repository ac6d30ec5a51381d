package io.castwire.processing.scoring;

import java.util.Arrays;

/**
 * The scored windows of one profile in primitive arrays, handed out best first. A 3-hour transcript has a
 * few hundred thousand windows, but the greedy pick usually needs only the first few hundred, so a heap
 * (O(windows) to build, O(log windows) per window taken) beats sorting them all.
 * Order: higher score first, then earlier start, earlier end, lower positions, so ties never depend on
 * the order windows were added in.
 */
final class Windows {

    private int size;
    private int[] first = new int[1024];
    private int[] last = new int[1024];
    private long[] start = new long[1024];
    private long[] end = new long[1024];
    private double[] score = new double[1024];
    private int[] heap;
    private int heapSize;

    void add(int firstPosition, int lastPosition, long startMillis, long endMillis, double windowScore) {
        if (size == first.length) {
            int capacity = size * 2;
            first = Arrays.copyOf(first, capacity);
            last = Arrays.copyOf(last, capacity);
            start = Arrays.copyOf(start, capacity);
            end = Arrays.copyOf(end, capacity);
            score = Arrays.copyOf(score, capacity);
        }
        first[size] = firstPosition;
        last[size] = lastPosition;
        start[size] = startMillis;
        end[size] = endMillis;
        score[size] = windowScore;
        size++;
    }

    /** The best window not taken yet, or -1 when all were taken. */
    int takeBest() {
        if (heap == null) {
            heap = new int[size];
            for (int i = 0; i < size; i++) {
                heap[i] = i;
            }
            heapSize = size;
            for (int i = heapSize / 2 - 1; i >= 0; i--) {
                siftDown(i);
            }
        }
        if (heapSize == 0) {
            return -1;
        }
        int best = heap[0];
        heap[0] = heap[--heapSize];
        siftDown(0);
        return best;
    }

    int size() {
        return size;
    }

    int first(int window) {
        return first[window];
    }

    int last(int window) {
        return last[window];
    }

    long start(int window) {
        return start[window];
    }

    long end(int window) {
        return end[window];
    }

    double score(int window) {
        return score[window];
    }

    /** Whether two windows share a segment position (a zero-length one counts) or any time. */
    boolean overlap(int a, int b) {
        return (first[a] <= last[b] && first[b] <= last[a]) || (start[a] < end[b] && start[b] < end[a]);
    }

    private void siftDown(int at) {
        int i = at;
        while (true) {
            int left = 2 * i + 1;
            if (left >= heapSize) {
                return;
            }
            int right = left + 1;
            int child = right < heapSize && better(heap[right], heap[left]) ? right : left;
            if (!better(heap[child], heap[i])) {
                return;
            }
            int swap = heap[i];
            heap[i] = heap[child];
            heap[child] = swap;
            i = child;
        }
    }

    private boolean better(int a, int b) {
        int byScore = Double.compare(score[b], score[a]);
        if (byScore != 0) {
            return byScore < 0;
        }
        if (start[a] != start[b]) {
            return start[a] < start[b];
        }
        if (end[a] != end[b]) {
            return end[a] < end[b];
        }
        if (first[a] != first[b]) {
            return first[a] < first[b];
        }
        return last[a] < last[b];
    }
}
