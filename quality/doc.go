// Package quality reports the data quality of a packet (chất lượng dữ
// liệu), for the people who judge it — HR clerks, an agency's IT staff, the
// ministry's data officers — rather than for a program: its findings
// grouped by rule, by person, by unit (cơ quan quản lý, đơn vị sử dụng) and
// by field, counted by layer and severity, the share of its records that
// are clean, and the status and signer of its signature.
//
// A Checker reads a packet of any size, in JSON or XML, of every format
// version the packet package reads, with packet's streaming validator: its
// memory grows with the findings and the units, not with the records.
//
//	c := &quality.Checker{Verifier: &signing.Verifier{Policy: signing.Policy{Roots: roots}}}
//	f, err := os.Open("hoso.json")
//	st, err := f.Stat()
//	rep, err := c.Check(ctx, f, st.Size())
//	fmt.Printf("%d of %d profiles clean (%.0f%%)\n", rep.Clean, rep.Checked, 100*rep.CleanShare)
//	for _, g := range rep.ByRule {
//		fmt.Println(g.Rule, g.Count, g.DescriptionVI)
//	}
//
// CheckStore reports in the same way on every profile a sync store holds
// (quality.Store, which hrsync.Store is: what the national database last acknowledged), read a page
// at a time.
//
// WriteHTML writes a report as one self-contained HTML document — the
// quality view, with its charts as inline SVG and its stylesheet inline —
// that reads without JavaScript and without a network, in Vietnamese, with
// English one click away (cbccvc report writes it). Handler serves the
// interactive page: drop or paste a packet, see its findings by rule and by
// person, each one highlighted in the packet's text, its signature, and the
// same quality view; every asset is embedded.
package quality
