import Analytics
import Dialogs
import Events
import GameFi
import Kernel
import News
import People
import Payments
import Ratings
import Shop
import Staff
import TesseraCrypto

/// The business areas the server runs: one line each. An area is a target under `Sources/`
/// (model, SQL, rules, routes); adding one is its folder plus its line here.
enum AreaRegistry {
    static func areas(
        _ context: AreaContext, membership: (any ChannelMembershipChecker)?, passwords: Scrypt.Parameters
    ) -> [any Area] {
        [
            NewsArea(context),
            EventsArea(context),
            ShopArea(context),
            PaymentsArea(context),
            GameFiArea(context, membership: membership),
            RatingsArea(context),
            StaffArea(context, passwords: passwords),
            PeopleArea(context),
            AnalyticsArea(context),
            DialogsArea(context),
        ]
    }

    /// The areas' parts in `tessera tenant seed` (`DemoSeeder`): one per section type with demo items.
    static let demoSeeders: [any DemoSeeding] = [NewsDemoSeeder(), EventsDemoSeeder()]
}
