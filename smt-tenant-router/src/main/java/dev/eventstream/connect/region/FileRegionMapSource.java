package dev.eventstream.connect.region;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The map from a local JSON file. Every refresh interval the file's modification time, size and identity
 * (inode, where the file system has one) are compared with those of the last successful read; the file is
 * read only when they differ, so an atomic replace (write, then rename) is always noticed. A file that cannot
 * be read or parsed leaves the last good map in place and is retried on every refresh until it parses.
 */
final class FileRegionMapSource extends PollingRegionMapSource {

    private final Path path;
    private FileStamp lastLoaded;

    FileRegionMapSource(Path path, Duration refreshInterval, Duration startupTimeout, Clock clock) {
        super(RegionSourceType.FILE.configName() + ":" + path, refreshInterval, startupTimeout, clock);
        this.path = path;
    }

    @Override
    synchronized Map<String, String> fetch() throws IOException {
        FileStamp before = FileStamp.of(path);
        if (before.equals(lastLoaded)) {
            return null;
        }
        byte[] content = Files.readAllBytes(path);
        Map<String, String> map;
        try {
            map = RegionMapParser.parse(content);
        } catch (IOException e) {
            throw new IOException(path + ": " + e.getMessage(), e);
        }
        // If the file changed while it was read, record the stamp seen before reading: the next refresh
        // then sees a difference and reads the file again.
        lastLoaded = before;
        return map;
    }

    /** What identifies one version of the file without reading it. */
    private record FileStamp(long modifiedNanos, long size, Object fileKey) {
        static FileStamp of(Path path) throws IOException {
            BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
            return new FileStamp(attributes.lastModifiedTime().to(TimeUnit.NANOSECONDS), attributes.size(),
                    attributes.fileKey());
        }
    }
}
