// Package packet is the data-packet model of Decision 356/QĐ-BNV (gói tin):
// the header (ThongTinGoiTin), the four record kinds — profiles (HoSo),
// change events (BienDong), matching results (KetQuaDoiKhop) and processing
// results (KetQuaXuLy) — and the five packet kinds that carry them, with
// codecs for the JSON and XML forms and a validator.
//
// Decode reads a whole packet; a Decoder reads one of any size record by
// record; Packet.Encode and an Encoder write them:
//
//	p, findings, err := packet.Decode(r, packet.FormatAuto, packet.Limits{})
//	if err != nil {
//		return err // malformed: a Findings error names the rule, e.g. R-FMT-001
//	}
//	for _, f := range findings { // values that did not bind, e.g. R-ID-002
//		fmt.Println(f.Rule, f.Pointer, f.MessageVI)
//	}
//	for _, hs := range p.Records.Profiles {
//		fmt.Println(hs.PersonalID, hs.FullName)
//	}
//	return p.Encode(w, packet.FormatXML)
//
// A Validator checks a packet in three layers — well-formedness (R-FMT-*),
// JSON Schema (R-SCH-001) and the semantic rules of the catalogue — and
// reports every finding with its rule code, severity, the JSON Pointer of
// the value (the same for a packet that arrived as XML) and a message in
// Vietnamese and English:
//
//	v, err := packet.NewValidator()
//	rep, err := v.Validate(ctx, r)
//	for _, f := range rep.Findings {
//		fmt.Println(f.Rule, f.Pointer, f.MessageVI)
//	}
//
// A Decoder's Records yields each record with a fatal error only; the
// findings of each record are beside it, in Decoder.Findings:
//
//	d := packet.NewDecoder(r, packet.FormatAuto, packet.Limits{})
//	for rec, err := range d.Records() {
//		if err != nil {
//			return err // malformed, or over a limit: the sequence ends
//		}
//		for _, f := range d.Findings() {
//			fmt.Println(f.Rule, f.Pointer, f.MessageVI)
//		}
//		use(rec)
//	}
//
// Apply carries out a change event on a profile.
//
// # Format versions
//
// A packet's header names its format version (PhienBan, major.minor), and
// an XML packet's root element names it again by its namespace. This
// package writes [Version], 2.0, the format of Decree 27/2026/NĐ-CP, in
// which the personal ID keys a profile; it reads every version of
// [SupportedVersions]: 2.0 and 1.0, whose HoSo and KetQuaXuLy also carried
// the 14-character national profile ID (MaDinhDanhCBCCVC) and whose HoSo
// lacked the members of the decree's ten data groups. Three places
// tell the versions apart:
//
//   - the table of versions in mapping.go: for each major version, the
//     PhienBan written, the XML namespace (urn:vn:gov:bnv:cbccvc:goitin:N),
//     and for a superseded one the day and the law that replaced it;
//   - the "v" struct tags of model.go on the members not every version
//     has: v:"1" for a member of 1.x only (MaDinhDanhCBCCVC), v:"2-" for
//     one from 2.0 on (CanCuoc, BoNhiem, SucKhoe and the other members of
//     the ten data groups), v:"1-3"; an untagged member is in every
//     version;
//   - the schemas of each version, in packet/schema for the latest and
//     packet/schema/vN for an older one (schema.Dir, schema.CompileVersion),
//     with $id urn:vn:gov:bnv:cbccvc:schema:N:….
//
// The one rule of a version that a record schema cannot say — a 1.0
// CHIASE_HOSO profile carries its national profile ID — is in validate.go.
//
// With a packet of a version in the table, Decode, a Decoder and a
// Validator bind only that version's members (another is R-SCH-001) and
// check it with that version's schemas and rules; a superseded version is
// valid, with one R-HDR-006 warning (CANH_BAO) for the packet. A Validator
// reports R-HDR-002 for an XML packet whose PhienBan is not the version of
// its namespace, and for an unknown major version, whose members are all
// read. Encode
// and an Encoder write the version the header names, in its namespace, and
// refuse a member that version lacks ([ErrVersion]). [ReplyVersion] is the
// version to answer a packet in, [VersionHas] whether a version has a
// member, [NamespaceVersion] the version of an XML namespace.
//
// To add a version (3.0, say):
//
//  1. a row at the end of the table of versions in mapping.go, with its
//     PhienBan and XML namespace; the row before it gets the day it is
//     superseded and the law that supersedes it; [Version] and
//     [Namespace] name the new one;
//  2. the schemas: move the files of packet/schema into packet/schema/v2
//     (the directory of the version they describe; add it to the go:embed
//     line of schema.go), then change the files left in packet/schema for
//     3.0 — the $id prefix and its $refs, the XSD's targetNamespace and
//     version, the members that come or go — and set schema.Latest and
//     schema.IDPrefix;
//  3. v tags on the members of model.go that come (v:"3-") or go (v:"1-2"
//     for an untagged one);
//  4. Migrate: it drops, by the v tags, the members 3.0 lacks, and lists
//     them; a member renamed or moved needs a step of its own in
//     migrate.go, inventing nothing;
//  5. the descriptions of R-HDR-002 and R-HDR-006 in rules.go, which name
//     the versions, and docs/rules.md regenerated from them;
//  6. the conformance kit regenerated (go test ./conformance -run
//     TestGenerate -update) under a new major kit version, with vectors
//     for the superseded version;
//  7. the guides, in English and Vietnamese: the format-versions section
//     of the mapping page, and every example that shows a packet.
//
// The wire names, the XML element order, the names of XML array items, the
// namespaces and the schema ids are the SDK's reading of the decision,
// whose technical annex we could not read, and of the decree; that the
// personal ID identifies a profile is the decree's own. They live in the
// struct tags of model.go, the field order there, and the tables of
// mapping.go, and the schemas under packet/schema follow them, so that the
// official text can replace them in one place.
//
// # Migration
//
// [Migrate] turns a 1.0 packet into 2.0 one record at a time, dropping and
// listing the values 2.0 has no member for (the national profile ID
// MaDinhDanhCBCCVC) and never making one up; a signature does not survive
// it, so a migrated packet is signed again:
//
//	rep, err := packet.Migrate(ctx, w, r) // a new MaGoiTin; MigrateKeepPacketID for a packet never sent
//	for _, d := range rep.Dropped {
//		log.Println("dropped", d.Pointer)
//	}
//	if rep.Signed {
//		// sign the migrated packet again
//	}
package packet
