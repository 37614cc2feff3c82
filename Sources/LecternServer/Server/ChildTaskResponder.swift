import Hummingbird

/// Answers each request in a child task. A connection's task keeps the memory its deepest request needed for as long
/// as the connection lives (Swift's task allocator keeps its slabs until the task ends), so ten thousand idle keep-alive
/// connections would each hold the high-water mark of a file response. In a child task those frames are released when
/// the response is ready, and an idle connection costs only what the HTTP layer itself needs.
struct ChildTaskResponder<Inner: HTTPResponder>: HTTPResponder where Inner.Context: Sendable {
    typealias Context = Inner.Context
    let inner: Inner

    func respond(to request: Request, context: Context) async throws -> Response {
        // A task group rather than `async let`: its child is allocated on the heap, not in this task's allocator.
        try await withThrowingTaskGroup(of: Response.self) { group in
            group.addTask { try await inner.respond(to: request, context: context) }
            guard let response = try await group.next() else { throw CancellationError() }
            return response
        }
    }
}
