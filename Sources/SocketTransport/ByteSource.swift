/// Where a response's bytes come from: a `Connection`, or in tests and fuzzing a scripted feed.
protocol ByteSource {
    /// Reads what is available into `buffer` (waiting by `deadline`); 0 means the peer closed.
    func read(into buffer: UnsafeMutableRawBufferPointer, deadline: Deadline) throws(StreamFailure) -> Int
}
