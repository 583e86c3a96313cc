// libFuzzer target: the blueprint loader with source positions (compiled into the Blueprint module
// by scripts/fuzz.sh).
//
// Besides "no crash": every diagnostic points inside the input (line and column from 1, a line
// that exists), and an accepted blueprint survives canonical JSON → load unchanged.
import TesseraJSON

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzBlueprintLoader(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    switch BlueprintLoader.load(bytes, file: "fuzz.json") {
    case .success(let blueprint):
        guard case .success(let again) = BlueprintLoader.load(blueprint.canonicalJSON(), file: "canonical.json"),
            again == blueprint
        else { fatalError("canonical JSON of an accepted blueprint does not load back to the same blueprint") }
    case .failure(let diagnostics):
        let lines = bytes.reduce(1) { $1 == 0x0A ? $0 + 1 : $0 }
        for diagnostic in diagnostics.diagnostics {
            guard diagnostic.line >= 1, diagnostic.line <= lines, diagnostic.column >= 1 else {
                fatalError("diagnostic outside the input: line \(diagnostic.line), column \(diagnostic.column)")
            }
        }
    }
    return 0
}
