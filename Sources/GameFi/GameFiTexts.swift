import Kernel

/// The GameFi area's interface text in English and Russian.
enum GameFiTexts: String, InterfaceTexts {
    case alreadyClaimed

    static let english: [GameFiTexts: String] = [
        .alreadyClaimed: "Already claimed"
    ]

    static let russian: [GameFiTexts: String] = [
        .alreadyClaimed: "Уже получено"
    ]
}
