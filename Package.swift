// swift-tools-version:6.1
import PackageDescription

/// One set of settings for every target: Swift 6 mode plus the upcoming features that make imports honest.
let swiftSettings: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "LecternProject",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "lectern", targets: ["lectern"]),
        .library(name: "LecternHLS", targets: ["LecternHLS"]),
        .library(name: "LecternPackage", targets: ["LecternPackage"]),
        .library(name: "LecternTranscode", targets: ["LecternTranscode"]),
        .library(name: "LecternVerify", targets: ["LecternVerify"]),
        .library(name: "LecternServer", targets: ["LecternServer"]),
        .library(name: "LecternJobs", targets: ["LecternJobs"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/adam-fowler/compress-nio.git", from: "1.5.0"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.34.1"),
        .package(url: "https://github.com/vapor/sqlite-nio.git", from: "1.13.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
    ],
    targets: [
        .systemLibrary(
            name: "CFFmpeg",
            pkgConfig: "libavformat",
            providers: [.apt(["libavformat-dev", "libavcodec-dev", "libavfilter-dev", "libavutil-dev", "libswscale-dev", "libswresample-dev"])]
        ),
        .target(
            name: "LecternFFmpeg",
            dependencies: ["CFFmpeg", .product(name: "Logging", package: "swift-log")],
            swiftSettings: swiftSettings
        ),
        .target(name: "LecternHLS", swiftSettings: swiftSettings),
        // Tesseract's C API (Debian's libtesseract-dev), wrapped like FFmpeg: LecternOCR alone owns its pointers.
        .systemLibrary(name: "CTesseract", pkgConfig: "tesseract", providers: [.apt(["libtesseract-dev"])]),
        .target(name: "LecternOCR", dependencies: ["CTesseract"], swiftSettings: swiftSettings),
        // Search across the library: titles, slide text and subtitles, CJK by character pairs; no server, no FFmpeg.
        .target(name: "LecternSearch", dependencies: ["LecternPackage"], swiftSettings: swiftSettings),
        .target(
            name: "LecternPackage",
            dependencies: [
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "LecternTranscode",
            dependencies: [
                "LecternFFmpeg", "LecternHLS", "LecternPackage", "LecternVerify", "LecternOCR", .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // Conformance of packages and of any HLS stream (`lectern verify`): playlists with LecternHLS, key frames with
        // LecternFFmpeg, remote streams with AsyncHTTPClient (the HTTP client the mirror uses too).
        .target(
            name: "LecternVerify",
            dependencies: [
                "LecternHLS", "LecternPackage", "LecternFFmpeg",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "LecternServer",
            dependencies: [
                "LecternHLS", "LecternPackage", "LecternJobs", "LecternSearch",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_NIOFileSystem", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "CompressNIO", package: "compress-nio"),
            ],
            resources: [.embedInCode("Assets/player.js"), .embedInCode("Assets/offline.js"), .embedInCode("Assets/sw.js")],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "LecternMirror",
            dependencies: [
                "LecternPackage", "LecternHLS",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // The ingest service's queue: jobs, leases, fencing and tokens, in SQLite (one machine) or PostgreSQL (many).
        .target(
            name: "LecternJobs",
            dependencies: [
                .product(name: "SQLiteNIO", package: "sqlite-nio"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
            ],
            swiftSettings: swiftSettings
        ),
        // Workers: claim a job, ingest it with the same pipeline as `lectern ingest` (a sandboxed child), report it.
        .target(
            name: "LecternWorker",
            dependencies: [
                "LecternJobs", "LecternPackage",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOFoundationCompat", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "lectern",
            dependencies: [
                "LecternTranscode", "LecternVerify", "LecternPackage", "LecternHLS", "LecternFFmpeg", "LecternServer", "LecternMirror", "LecternJobs",
                "LecternWorker", .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Sources/LecternCLI",
            swiftSettings: swiftSettings
        ),
        // Benchmark (not a test): parse + write a 20,000-segment playlist; scripts/bench-hls.sh compares it with Python's m3u8.
        .executableTarget(name: "lectern-hls-bench", dependencies: ["LecternHLS"], path: "Benchmarks/HLSBench", swiftSettings: swiftSettings),
        // Benchmark (not a test): N simulated workers against the job queue; scripts/bench-queue.sh compares it with pgbench.
        .executableTarget(
            name: "lectern-queue-bench",
            dependencies: ["LecternJobs", .product(name: "Logging", package: "swift-log")],
            path: "Benchmarks/QueueBench",
            swiftSettings: swiftSettings
        ),
        // Benchmark (not a test): search across 1,000 generated lectures; scripts/bench-search.sh compares it with SQLite FTS5.
        .executableTarget(
            name: "lectern-search-bench",
            dependencies: ["LecternSearch"],
            path: "Benchmarks/SearchBench",
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "lectern-serve-floor",
            dependencies: [
                .product(name: "Hummingbird", package: "hummingbird"), .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"), .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOHTTPTypesHTTP1", package: "swift-nio-extras"),
            ],
            path: "Benchmarks/ServeFloor",
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "LecternHLSTests", dependencies: ["LecternHLS", "LecternTestSupport"], swiftSettings: swiftSettings),
        .testTarget(
            name: "LecternMirrorTests",
            dependencies: [
                "LecternMirror", "LecternPackage", "LecternHLS", "LecternTranscode", "LecternVerify", "LecternServer", "LecternTestSupport",
                "lectern",
            ],
            swiftSettings: swiftSettings
        ),
        // One conformance suite for both stores; the PostgreSQL half runs against the cluster scripts/test.sh starts.
        .testTarget(name: "LecternSearchTests", dependencies: ["LecternSearch", "LecternPackage"], swiftSettings: swiftSettings),
        .testTarget(name: "LecternOCRTests", dependencies: ["LecternOCR", "LecternTestSupport"], swiftSettings: swiftSettings),
        .testTarget(name: "LecternJobsTests", dependencies: ["LecternJobs", "LecternTestSupport"], swiftSettings: swiftSettings),
        .testTarget(name: "LecternPackageTests", dependencies: ["LecternPackage", "LecternHLS", "LecternTestSupport"], swiftSettings: swiftSettings),
        .testTarget(
            name: "LecternServerTests",
            dependencies: [
                // `lectern`: the live-socket tests run `lectern serve` as a child process.
                "LecternServer", "LecternHLS", "LecternPackage", "LecternSearch", "LecternTestSupport", "lectern",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOHTTPTypesHTTP1", package: "swift-nio-extras"),
            ],
            swiftSettings: swiftSettings
        ),
        // Shared by the test targets: running child programs (ffmpeg, curl, the lectern binary, `lectern serve`).
        .target(name: "LecternTestSupport", path: "Tests/LecternTestSupport", swiftSettings: swiftSettings),
        // Runs the built `lectern` binary as a user would (exit codes, one-line errors, --json, SIGKILL mid-ingest).
        .testTarget(name: "LecternCLITests", dependencies: ["lectern", "LecternTestSupport"], swiftSettings: swiftSettings),
        // The FFmpeg wrappers' lifetimes: opened and freed in loops, early throws, on small files made by the ffmpeg CLI.
        .testTarget(name: "LecternFFmpegTests", dependencies: ["LecternFFmpeg", "LecternTestSupport"], swiftSettings: swiftSettings),
        .testTarget(
            name: "LecternTranscodeTests",
            dependencies: ["LecternTranscode", "LecternVerify", "LecternFFmpeg", "LecternHLS", "LecternPackage", "LecternTestSupport"],
            swiftSettings: swiftSettings
        ),
    ]
)
