package dev.eventstream.connect.common.sink;

import dev.eventstream.connect.usage.UsageConfig;
import dev.eventstream.connect.usage.UsageRecorder;

/** Makes a sink task's usage recorder: {@link UsageRecorder#start} outside tests. */
@FunctionalInterface
public interface UsageRecorderFactory {
    UsageRecorder create(UsageConfig.Settings settings, String connector, int task);
}
