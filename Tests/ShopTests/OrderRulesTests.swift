import Foundation
import Tenancy
import XCTest

@testable import Shop

final class OrderRulesTests: XCTestCase {
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    func order(_ status: OrderStatus = .pending, total: Int64 = 90, buyer: Int64 = 7, expiresIn: TimeInterval = 600)
        -> OrderFacts
    {
        OrderFacts(
            id: 12, participantID: buyer, status: status, total: Stars(total), currency: "XTR",
            expiresAt: now + expiresIn)
    }

    func test_stateMachine_allowsOnlyTheDocumentedTransitions() {
        XCTAssertEqual(OrderStatus.pending.after(.pay), .paid)
        XCTAssertEqual(OrderStatus.pending.after(.cancel), .cancelled)
        XCTAssertEqual(OrderStatus.pending.after(.expire), .expired)
        XCTAssertEqual(OrderStatus.paid.after(.refund), .refunded)
        XCTAssertEqual(OrderStatus.expired.after(.pay), .paid, "a late payment still pays (stock re-reserved)")
        XCTAssertEqual(OrderStatus.cancelled.after(.pay), .paid)
        XCTAssertNil(OrderStatus.pending.after(.refund))
        XCTAssertNil(OrderStatus.paid.after(.pay))
        XCTAssertNil(OrderStatus.paid.after(.cancel))
        XCTAssertNil(OrderStatus.paid.after(.expire))
        XCTAssertNil(OrderStatus.refunded.after(.refund))
        XCTAssertNil(OrderStatus.refunded.after(.pay))
        XCTAssertNil(OrderStatus.expired.after(.cancel))
        XCTAssertNil(OrderStatus.cancelled.after(.expire))
        XCTAssertEqual(OrderStatus.allCases.filter(\.holdsStock), [.pending, .paid])
    }

    func test_payload_roundTripsAndRejectsForeignPayloads() {
        XCTAssertEqual(OrderPayload.encode(42), "order:42")
        XCTAssertEqual(OrderPayload.decode("order:42"), 42)
        for bad in ["order:", "order:-1", "order:0", "order:x", "ticket:4", "", "order:42 "] {
            XCTAssertNil(OrderPayload.decode(bad), bad)
        }
        XCTAssertLessThanOrEqual(OrderPayload.encode(Int64.max).utf8.count, 128)
    }

    func test_preCheckout_acceptsAPendingUnexpiredOrderOfTheBuyerAtItsPrice() {
        XCTAssertEqual(
            CheckoutRules.preCheckout(order(), payerParticipantID: 7, currency: "XTR", totalAmount: 90, now: now),
            .accept)
    }

    func test_preCheckout_declinesWithAMessageForTheUser() {
        func decide(_ o: OrderFacts?, payer: Int64 = 7, currency: String = "XTR", amount: Int64 = 90) -> String? {
            CheckoutRules.preCheckout(o, payerParticipantID: payer, currency: currency, totalAmount: amount, now: now)
                .errorMessage
        }
        XCTAssertEqual(decide(nil), CheckoutRules.Decline.unknownOrder)
        XCTAssertEqual(decide(order(.paid)), CheckoutRules.Decline.alreadyPaid)
        XCTAssertEqual(decide(order(.refunded)), CheckoutRules.Decline.alreadyPaid)
        XCTAssertEqual(decide(order(.expired)), CheckoutRules.Decline.expired)
        XCTAssertEqual(decide(order(.cancelled)), CheckoutRules.Decline.expired)
        XCTAssertEqual(decide(order(expiresIn: 0)), CheckoutRules.Decline.expired)
        XCTAssertEqual(decide(order(), payer: 8), CheckoutRules.Decline.otherBuyer)
        XCTAssertEqual(decide(order(), amount: 89), CheckoutRules.Decline.priceChanged)
        XCTAssertEqual(decide(order(), currency: "USD"), CheckoutRules.Decline.priceChanged)
    }

    func test_payment_marksPaidOnlyAMatchingPayableOrder() {
        XCTAssertEqual(CheckoutRules.payment(order(), currency: "XTR", totalAmount: 90), .markPaid(reserveStock: false))
        XCTAssertEqual(
            CheckoutRules.payment(order(.expired), currency: "XTR", totalAmount: 90), .markPaid(reserveStock: true))
        XCTAssertEqual(
            CheckoutRules.payment(order(.cancelled), currency: "XTR", totalAmount: 90), .markPaid(reserveStock: true))
        guard case .unmatched = CheckoutRules.payment(order(.paid), currency: "XTR", totalAmount: 90) else {
            return XCTFail()
        }
        guard case .unmatched = CheckoutRules.payment(order(), currency: "XTR", totalAmount: 1) else {
            return XCTFail()
        }
        guard case .unmatched = CheckoutRules.payment(order(), currency: "EUR", totalAmount: 90) else {
            return XCTFail()
        }
        guard case .unmatched = CheckoutRules.payment(nil, currency: "XTR", totalAmount: 90) else { return XCTFail() }
    }

    func test_stars_areWholeAndAddUp() {
        XCTAssertEqual(Stars(45) * 2 + Stars(30), Stars(120))
        XCTAssertEqual(Stars(5).description, "5 XTR")
        XCTAssertTrue(Stars(1) < Stars(2))
    }

    func test_productRef_readsIdsAndKeys() {
        XCTAssertEqual(ProductRef("12"), .id(12))
        XCTAssertEqual(ProductRef("flat-white"), .key("flat-white"))
        for bad in ["", "0", "-3", "Flat", "1abc", "a b", String(repeating: "a", count: 41)] {
            XCTAssertNil(ProductRef(bad), bad)
        }
    }
}
