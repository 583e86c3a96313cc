import Blueprint
import Foundation
import Kernel
import Postgres
import Tenancy

/// A failed GameFi request; the API renders each case.
public enum GameFiError: Error, Sendable, Equatable {
    case questNotFound(String)
    /// The quest's condition is not met yet (message says what is missing).
    case notCompleted(String)
    case tapDisabled
    /// subscribe_channel: Telegram says the participant is not (yet) a member of the channel.
    case notSubscribed(channel: String)
    /// subscribe_channel: Telegram gave no answer (unreachable, 5xx, flood control); a retry may work.
    case telegramUnavailable(String)
    /// subscribe_channel: Telegram refused the check (no such channel, the bot is not its
    /// administrator): staff must fix the set-up. `reason` is for the log, not the participant.
    case channelCheckFailed(channel: String, reason: String)
    /// Staff paused the quest (admin API): it cannot be claimed until resumed.
    case questPaused(String)
    /// Admin API: no participant with this id in the tenant.
    case participantNotFound(Int64)
    /// Admin API: the idempotency key was used for a different adjustment.
    case idempotencyKeyReused(String)
    /// Admin API: a negative adjustment would take the balance below zero.
    case insufficientPoints(balance: Int64)
}

/// A participant's GameFi state: balance, energy and quests.
public struct GameFiState: Sendable, Equatable {
    public var balance: Int64
    public var energy: TapRules.State?
    public var quests: [QuestState]
    public var invited: Int64
    /// Quests staff paused (shown, not claimable).
    public var paused: Set<String> = []
}

/// The outcome of a quest claim.
public struct ClaimResult: Sendable, Equatable {
    public var quest: String
    public var awarded: Int64
    public var balance: Int64
    /// Claimed before: nothing new was awarded.
    public var duplicate: Bool
    public var streak: Int64?
}

/// GameFi's use cases over a tenant schema: reading the state, claiming quests, tapping,
/// recording section visits and referral rewards. Synchronous (libpq blocks): call it from the
/// HTTP worker threads.
public final class GameFiService: Sendable {
    let pool: PostgresPool
    private let membership: any ChannelMembershipChecker
    /// Visits already recorded by this process ("schema\0participant\0section"), so opening a
    /// section writes at most once per participant and process.
    /// Checked on every screen of a section an open_section quest names: readers never wait for each other.
    private let visits = ReadWriteLocked<Set<String>>([])
    private let visitCapacity = 200_000

    public init(pool: PostgresPool, membership: any ChannelMembershipChecker = UnconfiguredMembershipChecker()) {
        self.pool = pool
        self.membership = membership
    }

    public func state(schema: Identifier, settings: GameFiSettings, participant: Int64, now: Date) throws -> GameFiState {
        try pool.withConnection { conn in
            let overrides = try QuestOverrideStore(schema: schema).all(conn)
            let settings = settings.applying(overrides)
            let referrals = ReferralStore(schema: schema)
            let invited = try referrals.grantRewards(referrer: participant, reward: Int64(settings.referralReward), at: now, conn)
            let needsPurchases = settings.quests.contains { if case .purchases = $0.kind { true } else { false } }
            let purchases = needsPurchases ? try QuestStore(schema: schema).paidOrders(participant, conn) : 0
            let facts = try QuestStore(schema: schema).facts(participant, invited: invited, purchases: purchases, conn)
            let today = UTCDay(unixMillis: Self.millis(now))
            let quests = settings.quests.map { QuestEligibility.evaluate($0, facts: facts, today: today) }
            let energy =
                settings.tap.enabled
                ? try TapStore(schema: schema).state(participant, limits: TapRules.Limits(settings.tap), nowMillis: Self.millis(now), conn) : nil
            let balance = try PointsLedger(schema: schema).balance(participant, conn)
            let paused = Set(overrides.values.filter(\.paused).map(\.questID))
            return GameFiState(balance: balance, energy: energy, quests: quests, invited: invited, paused: paused)
        }
    }

    /// Claims quest `questID` for `participant` (Telegram user `userID`); idempotent.
    public func claim(
        schema: Identifier, tenant: String, settings: GameFiSettings, questID: String, participant: Int64, userID: Int64, now: Date
    ) throws -> ClaimResult {
        guard var quest = settings.quests.first(where: { $0.id == questID }) else { throw GameFiError.questNotFound(questID) }
        // The one external call happens before any transaction is open (and not for a paused quest).
        if case .subscribeChannel(let channel) = quest.kind {
            let (claimed, paused) = try pool.withConnection {
                (
                    try QuestStore(schema: schema).facts(participant, invited: 0, purchases: 0, $0).claimed,
                    try QuestOverrideStore(schema: schema).get(quest.id, $0)?.paused ?? false
                )
            }
            if paused { throw GameFiError.questPaused(quest.id) }
            if !claimed.contains(quest.id) {
                let member: Bool
                do {
                    member = try membership.isMember(userID: userID, channel: channel, tenant: tenant)
                } catch {
                    switch error {
                    case .telegramUnavailable(let why): throw GameFiError.telegramUnavailable(why)
                    case .channelInaccessible(let why): throw GameFiError.channelCheckFailed(channel: channel, reason: why)
                    }
                }
                guard member else { throw GameFiError.notSubscribed(channel: channel) }
            }
        }
        return try pool.withConnection { conn in
            try conn.transaction { conn in
                if let override = try QuestOverrideStore(schema: schema).get(quest.id, conn) {
                    if override.paused { throw GameFiError.questPaused(quest.id) }
                    if let reward = override.reward { quest.reward = Int(reward) }
                }
                let store = QuestStore(schema: schema)
                var invited: Int64 = 0
                var purchases: Int64 = 0
                switch quest.kind {
                case .inviteFriends:
                    invited = try ReferralStore(schema: schema).grantRewards(
                        referrer: participant, reward: Int64(settings.referralReward), at: now, conn)
                case .purchases:
                    // Refunds take this reward back under the same lock (PurchaseQuestReversal), so
                    // a claim never counts an order whose refund is committing meanwhile.
                    try PurchaseQuestReversal(schema: schema).lockParticipant(participant, conn)
                    purchases = try store.paidOrders(participant, conn)
                default: break
                }
                let facts = try store.facts(participant, invited: invited, purchases: purchases, conn)
                let state = QuestEligibility.evaluate(quest, facts: facts, today: UTCDay(unixMillis: Self.millis(now)))
                let ledger = PointsLedger(schema: schema)
                switch state.status {
                case .claimed:
                    return ClaimResult(quest: quest.id, awarded: 0, balance: try ledger.balance(participant, conn), duplicate: true, streak: state.streak)
                case .locked:
                    throw GameFiError.notCompleted(Self.missing(quest.kind, state))
                case .claimable:
                    let streak: Int64? = if case .dailyCheckin = quest.kind { state.streak.map { $0 + 1 } ?? 1 } else { nil }
                    guard try store.insertClaim(
                        participant, quest: quest.id, period: state.period, streak: streak ?? 0, points: state.nextReward, settled: state.settles,
                        at: now, conn)
                    else {
                        return ClaimResult(quest: quest.id, awarded: 0, balance: try ledger.balance(participant, conn), duplicate: true, streak: streak)
                    }
                    // A reward overridden to 0 records the claim and moves no points.
                    guard state.nextReward != 0 else {
                        return ClaimResult(quest: quest.id, awarded: 0, balance: try ledger.balance(participant, conn), duplicate: false, streak: streak)
                    }
                    let key = QuestEligibility.idempotencyKey(quest: quest.id, participant: participant, period: state.period)
                    let outcome = try ledger.award(
                        Award(participantID: participant, amount: state.nextReward, reason: "quest", reference: quest.id, idempotencyKey: key), at: now,
                        conn)
                    switch outcome {
                    case .awarded(let balance):
                        return ClaimResult(quest: quest.id, awarded: state.nextReward, balance: balance, duplicate: false, streak: streak)
                    case .duplicate(let balance):
                        return ClaimResult(quest: quest.id, awarded: 0, balance: balance, duplicate: true, streak: streak)
                    }
                }
            }
        }
    }

    /// Credits a batch of taps within the server's energy and rate limits.
    public func tap(schema: Identifier, settings: GameFiSettings, participant: Int64, requested: Int64, batch: String, now: Date) throws
        -> TapStore.Result
    {
        guard settings.tap.enabled else { throw GameFiError.tapDisabled }
        return try pool.withConnection { conn in
            try TapStore(schema: schema).apply(participant, requested: requested, batch: batch, limits: TapRules.Limits(settings.tap), now: now, conn)
        }
    }

    /// Records that `participant` opened `section` (for open_section quests).
    public func recordVisit(schema: Identifier, participant: Int64, section: String) throws {
        guard !isVisitRecorded(schema: schema, participant: participant, section: section) else { return }
        let key = Self.visitKey(schema, participant, section)
        try pool.withConnection { try QuestStore(schema: schema).recordVisit(participant, section: section, $0) }
        visits.write { set in
            if set.count >= visitCapacity { set.removeAll(keepingCapacity: true) }
            set.insert(key)
        }
    }

    /// Whether this server already recorded that visit (then `recordVisit` needs no database).
    public func isVisitRecorded(schema: Identifier, participant: Int64, section: String) -> Bool {
        visits.read { $0.contains(Self.visitKey(schema, participant, section)) }
    }

    private static func visitKey(_ schema: Identifier, _ participant: Int64, _ section: String) -> String {
        "\(schema.raw)\u{0}\(participant)\u{0}\(section)"
    }

    /// Pays the referral reward to the referrer named by a newcomer's start parameter.
    public func rewardReferrer(schema: Identifier, settings: GameFiSettings, startParam: String?, newcomer: Int64, now: Date) throws {
        // Participant ids grow, so a real referrer joined before the newcomer; a forged code
        // naming nobody pays nobody.
        guard settings.referralReward > 0, let referrer = ReferralCode.referrer(in: startParam), referrer < newcomer else { return }
        try pool.withConnection { conn in
            guard try !conn.query("SELECT 1 FROM \(ident: schema).participants WHERE id = \(referrer)").isEmpty else { return }
            _ = try ReferralStore(schema: schema).grantRewards(referrer: referrer, reward: Int64(settings.referralReward), at: now, conn)
        }
    }

    static func missing(_ kind: QuestKind, _ state: QuestState) -> String {
        switch kind {
        case .openSection(let section): return "open the \(section) section first"
        case .inviteFriends: return "invite \(state.progress?.target ?? 0) friends first (\(state.progress?.value ?? 0) so far)"
        case .purchases: return "make \(state.progress?.target ?? 0) purchases first (\(state.progress?.value ?? 0) so far)"
        case .dailyCheckin, .subscribeChannel: return "not completed yet"
        }
    }

    static func millis(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1000).rounded(.down)) }
}
