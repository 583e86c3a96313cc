import GameFi
import Kernel
import XCTest

final class TapRulesTests: XCTestCase {
    let limits = TapRules.Limits(energyMax: 500, regenPerMinute: 30, maxTapsPerSecond: 10, pointsPerTap: 2)

    func test_freshState_creditsUpToTheBurst() {
        let out = TapRules.apply(.fresh(limits, at: 0), requested: 5, limits: limits, now: 0)
        XCTAssertEqual(out.credited, 5)
        XCTAssertEqual(out.points, 10)
        XCTAssertNil(out.limitedBy)
        XCTAssertEqual(out.state.energy, 495)
    }

    func test_hugeBatch_isCappedByTheRate() {
        let out = TapRules.apply(.fresh(limits, at: 0), requested: 1_000_000, limits: limits, now: 0)
        XCTAssertEqual(out.credited, 10 * TapRules.burstSeconds)
        XCTAssertEqual(out.limitedBy, .rate)
    }

    func test_frequentBatches_neverExceedRateTimesElapsedPlusBurst() {
        var state = TapRules.State.fresh(limits, at: 0)
        var total: Int64 = 0
        // A script sending 1,000 taps every 10 ms for 20 s.
        for t in stride(from: Int64(0), through: 20_000, by: 10) {
            let out = TapRules.apply(state, requested: 1_000, limits: limits, now: t)
            state = out.state
            total += out.credited
        }
        XCTAssertEqual(total, 10 * 20 + 10 * TapRules.burstSeconds)
    }

    func test_energy_runsOutAndRegeneratesPerMinute() {
        let small = TapRules.Limits(energyMax: 20, regenPerMinute: 30, maxTapsPerSecond: 30, pointsPerTap: 1)
        var out = TapRules.apply(.fresh(small, at: 0), requested: 90, limits: small, now: 0)
        XCTAssertEqual(out.credited, 20)
        XCTAssertEqual(out.limitedBy, .energy)
        XCTAssertEqual(out.state.energy, 0)
        // 30 per minute = one every 2 s: after 10 s, 5 energy.
        out = TapRules.apply(out.state, requested: 90, limits: small, now: 10_000)
        XCTAssertEqual(out.credited, 5)
        XCTAssertEqual(TapRules.regenerate(out.state, small, now: 10_000 + 3_600_000).energy, 20)
    }

    func test_clockGoingBackwards_regeneratesNothing() {
        let state = TapRules.State(energyUnits: 0, tokenUnits: 0, updatedMillis: 50_000)
        let out = TapRules.apply(state, requested: 10, limits: limits, now: 10_000)
        XCTAssertEqual(out.credited, 0)
        XCTAssertEqual(out.state.updatedMillis, 50_000)
    }

    func test_longAbsence_refillsWithoutOverflow() {
        let state = TapRules.State(energyUnits: 0, tokenUnits: 0, updatedMillis: 0)
        let after = TapRules.regenerate(state, limits, now: Int64.max / 2)
        XCTAssertEqual(after.energy, 500)
    }
}
