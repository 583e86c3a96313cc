extension PostgresConnection {
    /// Runs `body` in a transaction: BEGIN … COMMIT, or ROLLBACK if `body` throws (the error is rethrown).
    ///
    /// Called while a transaction is already open (through this API or a manual BEGIN), it uses a
    /// SAVEPOINT instead, so an inner failure rolls back only the inner work.
    @discardableResult
    public func transaction<T>(_ body: (PostgresConnection) throws -> T) throws -> T {
        let nested = transactionDepth > 0 || isInTransaction
        let savepoint = "tessera_sp_\(transactionDepth + 1)"
        try simpleQuery(nested ? "SAVEPOINT \(savepoint)" : "BEGIN")
        transactionDepth += 1
        let value: T
        do {
            value = try body(self)
        } catch {
            transactionDepth -= 1
            // The original error matters more than a failed rollback (e.g. on a dead connection).
            if nested {
                try? simpleQuery("ROLLBACK TO SAVEPOINT \(savepoint)")
                try? simpleQuery("RELEASE SAVEPOINT \(savepoint)")
            } else {
                try? simpleQuery("ROLLBACK")
            }
            throw error
        }
        transactionDepth -= 1
        if nested {
            try simpleQuery("RELEASE SAVEPOINT \(savepoint)")
        } else {
            do {
                try simpleQuery("COMMIT")
            } catch {
                try? simpleQuery("ROLLBACK")
                throw error
            }
        }
        return value
    }
}
