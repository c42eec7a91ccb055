package dev.eventstream.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PerformanceReportTest {

    private static final String MACHINE = """
        {"cores": 2, "cpu": "AMD EPYC 7B13", "memoryMb": 24000, "java": "17.0.15", "commit": "abc1234", "date": "2026-11-30T19:00:00Z"}
        """;

    @TempDir
    Path work;
    private Path results;
    private Path markdown;
    private Path figures;

    @BeforeEach
    void results() throws IOException {
        results = Files.createDirectories(work.resolve("results"));
        Path docs = Files.createDirectories(work.resolve("docs"));
        markdown = docs.resolve("performance.md");
        figures = docs.resolve("performance");
        write("machine.json", MACHINE);
        write("run.properties", "mode=quick\ncommand=benchmarks/run-all --quick\nstarted=2026-11-30T19:00:00Z\nduration=9 min 5 s\n"
            + "jmh=-f 1 -wi 1 -i 1\nfailed=\n");
        write("throughput-tasks.json", """
            {"name": "throughput-tasks", "benchmark": "HttpsSinkThroughput", "machine": %s,
             "settings": {"events": 20000, "warmupEvents": 5000, "rounds": 1, "eventBytes": 1024, "partitions": 3, "sweep": "",
                          "sinkOverrides": {}},
             "rows": [
               {"kind": "ceiling", "candidate": "ceiling: plain consumer + Jackson parse", "variant": {}, "tasks": 0,
                "recordsPerSecond": 200000.0, "ceilingRecordsPerSecond": 200000.0, "cpuMicrosPerEvent": 5.0, "runs": [200000.0]},
               {"kind": "chain", "candidate": "ours, real chain", "variant": {}, "tasks": 1, "recordsPerSecond": 80000.0,
                "ceilingRecordsPerSecond": 200000.0, "aivenRecordsPerSecond": 50000.0, "noTransformRecordsPerSecond": 160000.0,
                "cpuMicrosPerEvent": 23.4, "runs": [80000.0]},
               {"kind": "json", "candidate": "ours, no transforms", "variant": {}, "tasks": 1, "recordsPerSecond": 160000.0,
                "ceilingRecordsPerSecond": 200000.0, "aivenRecordsPerSecond": 50000.0, "noTransformRecordsPerSecond": 160000.0,
                "cpuMicrosPerEvent": 11.0, "runs": [160000.0]},
               {"kind": "aiven", "candidate": "Aiven HTTP sink", "variant": {}, "tasks": 1, "recordsPerSecond": 50000.0,
                "ceilingRecordsPerSecond": 200000.0, "aivenRecordsPerSecond": 50000.0, "noTransformRecordsPerSecond": null,
                "cpuMicrosPerEvent": 30.0, "runs": [50000.0]}]}
            """.formatted(MACHINE));
        write("throughput-gzip.json", """
            {"name": "throughput-gzip", "benchmark": "HttpsSinkThroughput", "machine": %s,
             "settings": {"events": 20000, "warmupEvents": 5000, "rounds": 1, "eventBytes": 1024, "partitions": 3, "sinkOverrides": {}},
             "rows": [
               {"kind": "ceiling", "candidate": "ceiling", "variant": {}, "tasks": 0, "recordsPerSecond": 100000.0,
                "ceilingRecordsPerSecond": 100000.0, "cpuMicrosPerEvent": 5.0},
               {"kind": "chain", "candidate": "ours, real chain", "variant": {"http.compression": "none"}, "tasks": 1,
                "recordsPerSecond": 90000.0, "ceilingRecordsPerSecond": 100000.0, "cpuMicrosPerEvent": 12.0},
               {"kind": "chain", "candidate": "ours, real chain", "variant": {"http.compression.level": "6"}, "tasks": 1,
                "recordsPerSecond": 45000.0, "ceilingRecordsPerSecond": 100000.0, "cpuMicrosPerEvent": 30.0}]}
            """.formatted(MACHINE));
        write("jmh-avro.json", """
            [{"benchmark": "dev.eventstream.bench.avro.AvroConverterBenchmark.avroConverterToConnectData", "jdkVersion": "17.0.15",
              "params": {"format": "plain"}, "primaryMetric": {"score": 900000.0, "scoreError": 10000.0, "scoreUnit": "ops/s"}},
             {"benchmark": "dev.eventstream.bench.avro.AvroConverterBenchmark.genericDatumReaderOnly", "jdkVersion": "17.0.15",
              "params": {"format": "plain"}, "primaryMetric": {"score": 1200000.0, "scoreError": "NaN", "scoreUnit": "ops/s"}}]
            """);
        write("latency-5.log", """
            [19:01:02.345] INFO  HttpsSinkLatency - 1000 events/s: | 1,000 | 5,000 | 5,000 | 12.5 | 40.0 | 80.2 | 95.0 | 1.2 | 1.50 |
            [19:01:03.000] INFO  HttpsSinkLatency -\s
            | events/s | events measured | arrived | p50 ms | p95 ms | p99 ms | max ms | events/request | CPU (cores) |
            | --- | --- | --- | --- | --- | --- | --- | --- | --- |
            | 100 | 500 | 500 | 9.1 | 15.4 | 22.6 | 30.0 | 1.0 | 1.02 |
            | 1,000 | 5,000 | 5,000 | 12.5 | 40.0 | 80.2 | 95.0 | 1.2 | 1.50 |

            5 endpoint connectors (1 task, 3 partitions each), 5s measured after 2s of warm-up per rate, 2 cores (AMD EPYC), sink settings {(defaults)=}
            """);
    }

    @Test
    void writesTablesWithSameRunRatiosAndTheMachineUnderEveryFigure() throws IOException {
        PerformanceReport.main(new String[] {results.toString(), markdown.toString(), figures.toString()});

        String page = Files.readString(markdown, StandardCharsets.UTF_8);
        assertThat(page).contains("**Quick figures**")
            .contains("- mode: quick, started 2026-11-30T19:00:00Z, took 9 min 5 s")
            .contains("- machine: 2 cores (AMD EPYC 7B13), 23 GB, Java 17.0.15, commit abc1234, 2026-11-30T19:00:00Z");
        // chain: 80,000 records/s = 0.40 of the ceiling, 1.60 × Aiven, 0.50 of the no-transform path
        assertThat(page).contains("| ours, real chain | 1 | 80,000 | 0.40 | 1.60 | 0.50 | 23.4 |")
            .contains("| Aiven HTTP sink | 1 | 50,000 | 0.25 | 1.00 | – | 30.0 |");
        assertThat(page).contains("| no gzip | ours, real chain | 1 | 90,000 | 0.90 | – | 12.0 |")
            .contains("| gzip level 6 | ours, real chain | 1 | 45,000 | 0.45 | – | 30.0 |");
        assertThat(page).contains("| plain | 900,000 ± 10,000 | 1,200,000 | 0.75 |");
        assertThat(page).contains("**5 endpoint connectors** (sink settings: the defaults)")
            .contains("| 100 | 9.1 | 15.4 | 22.6 | 30.0 | 1.0 | 1.02 |")
            .contains("| 1,000 | 12.5 | 40.0 | 80.2 | 95.0 | 1.2 | 1.50 |")
            .contains("| 1,000 | 5 | 1.50 | 1,500.0 |");
        assertThat(page).contains("![HTTPS sink throughput vs tasks](performance/throughput-tasks.png)")
            .contains("*20,000 events of 1024 bytes (after 5,000 warm-up events), 3 partitions, 1 round(s) after a JIT warm-up round. "
                + "Measured on 2 cores (AMD EPYC 7B13), 23 GB, Java 17.0.15, commit abc1234, 2026-11-30T19:00:00Z.*");
        assertThat(section(page, "## At a glance"))
            .contains("- HTTPS sink, real chain (gzip + signed), 1 task(s): 80,000 records/s, 0.40 of the plain consumer ceiling, "
                + "1.60 × Aiven's HTTP sink, 0.50 of our no-transform path")
            .contains("- Latency, 5 endpoint connectors, p50 / p99 ms: 9.1 / 22.6 at 100 events/s; 12.5 / 80.2 at 1,000 events/s")
            .contains("- Avro decode (plain): AvroConverter at 0.75 of GenericDatumReader alone");
        assertThat(section(page, "## Kafka sink vs MirrorMaker 2")).contains("Not measured in this run.");
        assertThat(section(page, "## HTTPS sink throughput vs batch size")).contains("Not measured in this run.");

        for (String figure : new String[] {"throughput-tasks.png", "throughput-gzip.png", "avro-decode.png", "latency-5.png",
            "busy-cost.png"}) {
            BufferedImage image = ImageIO.read(figures.resolve(figure).toFile());
            assertThat(image).as(figure).isNotNull();
            assertThat(image.getWidth()).as(figure).isEqualTo(Charts.WIDTH);
            assertThat(image.getHeight()).as(figure).isEqualTo(Charts.HEIGHT);
        }
        assertThat(figures.resolve("kafka-vs-mm2.png")).doesNotExist();
    }

    @Test
    void writesConnectorCostDemuxAndTransformsAgainstTheirReferences() throws IOException {
        write("idle-10.json", """
            {"name": "idle-10", "benchmark": "IdleConnectorCost", "machine": %s,
             "settings": {"connectors": 10, "idleSeconds": 30, "warmEventsPerConnector": 5, "oneHostPerConnector": true},
             "rows": [
               {"state": "rig alone", "connectors": 0, "workerThreads": 140, "threads": 150, "heapMb": 60.0, "rssMb": 500.0,
                "cpuPercentOfCore": 2.0},
               {"state": "with connectors", "connectors": 10, "workerThreads": 190, "threads": 210, "heapMb": 75.0, "rssMb": 560.0,
                "cpuPercentOfCore": 4.5},
               {"state": "added per connector", "connectors": 10, "workerThreads": 5.0, "heapMb": 1.5, "rssMb": 6.0,
                "cpuPercentOfCore": 0.25}]}
            """.formatted(MACHINE));
        write("demux.json", """
            {"name": "demux", "benchmark": "DemuxCost", "machine": %s,
             "settings": {"records": 2000, "eventBytes": 1024, "partitions": 3, "workers": 1},
             "rows": [
               {"tenants": 5, "strategy": "direct", "connectors": 5, "wallSeconds": 8.0, "recordsRead": 10000, "readPerDelivered": 5.0},
               {"tenants": 5, "strategy": "demux", "connectors": 6, "wallSeconds": 6.0, "recordsRead": 4000, "readPerDelivered": 2.0}]}
            """.formatted(MACHINE));
        write("jmh-field-filter.json", """
            [{"benchmark": "dev.eventstream.bench.filter.FieldFilterBenchmark.ourChainMap", "jdkVersion": "17.0.15", "params": {},
              "primaryMetric": {"score": 150.0, "scoreError": 5.0, "scoreUnit": "ns/op"}},
             {"benchmark": "dev.eventstream.bench.filter.FieldFilterBenchmark.kafkaBuiltInChainMap", "jdkVersion": "17.0.15",
              "params": {}, "primaryMetric": {"score": 300.0, "scoreError": 6.0, "scoreUnit": "ns/op"}},
             {"benchmark": "dev.eventstream.bench.filter.FieldFilterBenchmark.ourChainStruct", "jdkVersion": "17.0.15", "params": {},
              "primaryMetric": {"score": 400.0, "scoreError": 250.0, "scoreUnit": "ns/op"}},
             {"benchmark": "dev.eventstream.bench.filter.FieldFilterBenchmark.kafkaBuiltInChainStruct", "jdkVersion": "17.0.15",
              "params": {}, "primaryMetric": {"score": 800.0, "scoreError": 8.0, "scoreUnit": "ns/op"}}]
            """);

        PerformanceReport.main(new String[] {results.toString(), markdown.toString(), figures.toString()});

        String page = Files.readString(markdown, StandardCharsets.UTF_8);
        assertThat(page).contains("| 10 | 140 → 190 | 60 → 75 | 500 → 560 | 2.0 → 4.5 | 5.00 / 1.50 / 6.00 / 0.250 |");
        assertThat(page).contains("| 5 | 8.0 / 5.00 | 6.0 / 2.00 | 0.75 | 0.40 |");
        assertThat(page).contains("| chain: keep by predicate, drop 1, mask 2 | Map | 150 ± 5 | 300 ± 6 | 0.50 |")
            .contains("| chain: keep by predicate, drop 1, mask 2 | Struct | 400 ± 250 | 800 ± 8 | 0.50 "
                + "(not conclusive: a JMH error above ±50 % of its score) |");
        assertThat(section(page, "## SMT chain")).contains("JMH `-f 1 -wi 1 -i 1`, JDK 17.0.15");
        assertThat(section(page, "## At a glance"))
            .contains("- 10 idle endpoint connectors on one worker JVM (with the broker): 190 live threads, 560 MB RSS, 4.5 % of a core "
                + "(per connector: +5.0 threads, +6.0 MB RSS, +0.25 % of a core)")
            .contains("- Transform chain (keep by predicate, drop 1, mask 2), Map: 150 ns/record, 0.50 of Kafka's built-in chain's time")
            .contains("- Demux vs direct at 5 tenants: 2.00 vs 5.00 records read per delivered record, wall time 0.75 of direct");
        for (String figure : new String[] {"idle-cost.png", "demux-cost.png", "smt-vs-kafka.png"}) {
            assertThat(ImageIO.read(figures.resolve(figure).toFile())).as(figure).isNotNull();
        }
    }

    @Test
    void writesTheHashSweepAndTheChainsHalves() throws IOException {
        write("throughput-hash.json", """
            {"name": "throughput-hash", "benchmark": "HttpsSinkThroughput", "machine": %s,
             "settings": {"events": 1000000, "warmupEvents": 100000, "rounds": 3, "eventBytes": 1024, "partitions": 3, "sinkOverrides": {}},
             "rows": [
               {"kind": "ceiling", "candidate": "ceiling", "variant": {}, "tasks": 0, "recordsPerSecond": 200000.0,
                "ceilingRecordsPerSecond": 200000.0, "cpuMicrosPerEvent": 5.0},
               {"kind": "chain", "candidate": "ours, real chain", "variant": {"transforms.pii.fields.hash": "UserData.CustomerEmail"},
                "tasks": 1, "recordsPerSecond": 80000.0, "ceilingRecordsPerSecond": 200000.0, "noTransformRecordsPerSecond": 140000.0,
                "cpuMicrosPerEvent": 24.0},
               {"kind": "chain", "candidate": "ours, real chain", "variant": {"transforms.pii.fields.hash": "UserData.NoSuchField"},
                "tasks": 1, "recordsPerSecond": 112000.0, "ceilingRecordsPerSecond": 200000.0, "noTransformRecordsPerSecond": 140000.0,
                "cpuMicrosPerEvent": 19.0}]}
            """.formatted(MACHINE));
        write("jmh-endpoint-chain.json", """
            [{"benchmark": "dev.eventstream.bench.http.EndpointChainBenchmark.chainTransforms", "jdkVersion": "17.0.15", "params": {},
              "primaryMetric": {"score": 2600.0, "scoreError": 100.0, "scoreUnit": "ns/op"}},
             {"benchmark": "dev.eventstream.bench.http.EndpointChainBenchmark.chainRequest", "jdkVersion": "17.0.15", "params": {},
              "primaryMetric": {"score": 4500.0, "scoreError": 90.0, "scoreUnit": "ns/op"}},
             {"benchmark": "dev.eventstream.bench.http.EndpointChainBenchmark.noTransformRequest", "jdkVersion": "17.0.15",
              "params": {}, "primaryMetric": {"score": 3900.0, "scoreError": 2000.0, "scoreUnit": "ns/op"}}]
            """);

        PerformanceReport.main(new String[] {results.toString(), markdown.toString(), figures.toString()});

        String page = Files.readString(markdown, StandardCharsets.UTF_8);
        assertThat(section(page, "## Real chain with and without a hashed field"))
            .contains("| hash UserData.CustomerEmail | ours, real chain | 1 | 80,000 | 0.40 | 0.57 | 24.0 |")
            .contains("| no field hashed | ours, real chain | 1 | 112,000 | 0.56 | 0.80 | 19.0 |")
            .contains("| real chain: transforms (task thread) | 2,600 ± 100 |")
            .contains("| no transforms: check + copy + sign + gzip (sender thread) | 3,900 ± 2,000 "
                + "(not conclusive: a JMH error above ±50 % of its score) |");
        assertThat(figures.resolve("throughput-hash.png")).exists();
    }

    @Test
    void parsesTheLastLatencyTableByItsColumnNames() {
        LatencyTable table = LatencyTable.parse("""
            | events/s | events measured | arrived | p50 ms | slow endpoint p99 ms | p95 ms | p99 ms | max ms | events/request | CPU (cores) |
            | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |
            | 5,000 | 100,000 | 99,990 | 16.5 | 2,100.0 | 55.7 | 148.8 | 300.0 | 3.5 | 1.93 |

            50 endpoint connectors (1 task, 3 partitions each), 20s measured, sink settings {batch.linger.ms=0}
            """);

        assertThat(table.endpoints()).isEqualTo(50);
        assertThat(table.settings()).isEqualTo("{batch.linger.ms=0}");
        assertThat(table.rows()).hasSize(1);
        assertThat(table.rows().get(0)).containsEntry("events/s", 5000.0).containsEntry("p99 ms", 148.8)
            .containsEntry("slow endpoint p99 ms", 2100.0).containsEntry("CPU (cores)", 1.93);
    }

    private static String section(String page, String heading) {
        int start = page.indexOf(heading);
        int end = page.indexOf("\n## ", start + heading.length());
        return page.substring(start, end < 0 ? page.length() : end);
    }

    private void write(String name, String text) throws IOException {
        Files.writeString(results.resolve(name), text, StandardCharsets.UTF_8);
    }
}
