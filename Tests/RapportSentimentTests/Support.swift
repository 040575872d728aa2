import Foundation
import RapportSentiment

/// Lexicons loaded once from the repository checkout (located via #filePath, never Bundle.module).
enum Fixture {
    static let repoRoot: String = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().path

    static let lexicons: Lexicons = {
        do {
            return try Lexicons.load(dataDirectory: repoRoot)
        } catch {
            fatalError("lexicons failed to load: \(error)")
        }
    }()

    static func analyzer(_ engine: SentimentEngineKind) -> SentimentAnalyzer {
        do {
            return try SentimentAnalyzer(lexicons: lexicons, engine: engine)
        } catch {
            fatalError("analyzer: \(error)")
        }
    }
}
