import Ratings
import XCTest

final class RankArithmeticTests: XCTestCase {
    func test_ranks_tiesShareARankAndTheNextSkips() {
        XCTAssertEqual(RankArithmetic.ranks(sortedPoints: [50, 40, 40, 30, 30, 30, 10]), [1, 2, 2, 4, 4, 4, 7])
        XCTAssertEqual(RankArithmetic.ranks(sortedPoints: [5, 5, 5]), [1, 1, 1])
        XCTAssertEqual(RankArithmetic.ranks(sortedPoints: []), [])
        XCTAssertEqual(RankArithmetic.ranks(sortedPoints: [9, 8, 8], firstRank: 11), [11, 12, 12])
    }

    func test_rankOf_derivesNeighboursFromTheCallersRankAndTheCounts() {
        // Scores: 50×1, 40×2, 30×3 (me among them, rank 4), 20×1, 10×2.
        let counts: [(points: Int64, participants: Int64)] = [(50, 1), (40, 2), (30, 3), (20, 1), (10, 2)]
        XCTAssertEqual(RankArithmetic.rank(of: 30, mine: 30, myRank: 4, counts: counts), 4)
        XCTAssertEqual(RankArithmetic.rank(of: 40, mine: 30, myRank: 4, counts: counts), 2)
        XCTAssertEqual(RankArithmetic.rank(of: 50, mine: 30, myRank: 4, counts: counts), 1)
        XCTAssertEqual(RankArithmetic.rank(of: 20, mine: 30, myRank: 4, counts: counts), 7)
        XCTAssertEqual(RankArithmetic.rank(of: 10, mine: 30, myRank: 4, counts: counts), 8)
    }
}
