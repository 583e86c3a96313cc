import Kernel

/// Rank rules shared by every leaderboard: rank = 1 + the number of participants with strictly
/// more points, so equal points share a rank and the next distinct score skips ("1, 2, 2, 4").
public enum RankArithmetic {
    /// Standard competition ranks for rows already sorted by points, highest first, where the
    /// first row has rank `firstRank`.
    public static func ranks(sortedPoints: [Int64], firstRank: Int64 = 1) -> [Int64] {
        var result: [Int64] = []
        result.reserveCapacity(sortedPoints.count)
        for (index, points) in sortedPoints.enumerated() {
            if index > 0, points == sortedPoints[index - 1] {
                result.append(result[index - 1])
            } else {
                result.append(firstRank + Int64(index))
            }
        }
        return result
    }

    /// The rank of a score `points`, given the caller's own score `mine` and rank `myRank`, and the
    /// number of participants at each distinct score between the two (`counts`, any order; it must
    /// hold every score in the half-open range between `points` and `mine` that has participants).
    ///
    /// Above the caller: rank(v) = myRank − #(mine < p ≤ v). Below: rank(w) = myRank + #(w < p ≤ mine).
    public static func rank(of points: Int64, mine: Int64, myRank: Int64, counts: [(points: Int64, participants: Int64)]) -> Int64 {
        if points == mine { return myRank }
        if points > mine {
            let between = counts.reduce(Int64(0)) { $0 + ($1.points > mine && $1.points <= points ? $1.participants : 0) }
            return myRank - between
        }
        let between = counts.reduce(Int64(0)) { $0 + ($1.points > points && $1.points <= mine ? $1.participants : 0) }
        return myRank + between
    }
}
