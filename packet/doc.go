// Package packet is the data-packet model of Decision 356/QĐ-BNV (gói tin):
// the header (ThongTinGoiTin), the four record kinds — profiles (HoSo),
// change events (BienDong), matching results (KetQuaDoiKhop) and processing
// results (KetQuaXuLy) — and the five packet kinds that carry them, with
// codecs for the JSON and XML forms and a validator.
//
// Decode reads a whole packet; a Decoder reads one of any size record by
// record; Packet.Encode and an Encoder write them:
//
//	p, err := packet.Decode(r, packet.FormatAuto, packet.Limits{})
//	if err != nil {
//		return err // a Findings error names the rule, e.g. R-ID-002
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
// Apply carries out a change event on a profile.
//
// The wire names, the XML element order and the names of XML array items
// are the SDK's reading of the decision, whose technical annex is not
// public; they live in the struct tags of model.go, the field order there,
// and one table in mapping.go, and the schemas under packet/schema follow
// them, so that the official text can replace them in one place.
package packet
