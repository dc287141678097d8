// Package conformance is the conformance kit of the packet format and its
// signatures: test vectors, each a file with a machine-readable expected
// outcome, and a Runner that puts them to a validator, an applier of change
// events, a signature verifier and a migrator of format 1.0 packets — the
// SDK's own, or any program that prints what `cbccvc validate --json`,
// `cbccvc verify --json` and `cbccvc migrate --json` print.
//
// The kit is data, published with the repository in this directory and
// embedded in the package (Embedded): manifest.json lists every vector with
// its kind, format, a one-line description and the expected outcome;
// validate/, apply/, verify/ and migrate/ hold the vectors, pki/ the
// certificates the signed vectors need. README.md describes the layout and
// the contract an external program must meet. Every rule code of the catalogue
// (packet.Rules) is the expected outcome of at least one vector.
//
// Kit 2.1.0 is for packets of format 2.0 (Manifest.PacketVersion), the
// format of Decree 27/2026/NĐ-CP, in which the personal ID is the
// profile's identifier. Besides the migrate vectors, the vectors of what
// exists only in format 1.0 —
// R-HDR-006 (a valid 1.0 packet), R-ID-005 (a national profile ID with a
// wrong check digit) and R-SCH-001-shared-without-id (a 1.0 CHIASE_HOSO
// profile without the national profile ID 1.0 requires there) — are 1.0
// packets, and expect R-HDR-006, the warning every 1.0 packet gets, beside
// their own rule.
//
// The vectors are generated: `go test ./conformance -run TestGenerate
// -update` rewrites them from packet/packettest and a fresh test PKI, and
// the normal test run checks that the unsigned vectors on disk are what
// the generator makes and that every vector has its expected outcome with
// the SDK.
package conformance
