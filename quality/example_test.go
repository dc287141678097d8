package quality_test

import (
	"bytes"
	"context"
	"fmt"
	"log"

	"github.com/cbccvc/cbccvc-go/packet"
	"github.com/cbccvc/cbccvc-go/packet/packettest"
	"github.com/cbccvc/cbccvc-go/quality"
)

// A packet of ten profiles, two of them with a mistake: the report groups
// the findings and counts the clean profiles.
func ExampleChecker_Check() {
	g := packettest.New(packettest.Options{Seed: 1, Defects: []packettest.Defect{
		packettest.DefectSalaryCoefficient, packettest.DefectUnknownCode}})
	var buf bytes.Buffer
	if err := g.Packet(packet.KindProfiles, 10).Encode(&buf, packet.FormatJSON); err != nil {
		log.Fatal(err)
	}
	c := &quality.Checker{} // no Verifier: a signature would be reported, not verified
	rep, err := c.Check(context.Background(), bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%d of %d profiles clean (%.0f%%); signature %s\n", rep.Clean, rep.Checked, 100*rep.CleanShare, rep.Signature.Status)
	for _, r := range rep.ByRule {
		fmt.Println(r.Rule, r.Count)
	}
	for _, p := range rep.ByPerson {
		f := rep.Findings[p.Findings[0]]
		fmt.Println(p.Record, f.Field)
	}
	// Output:
	// 8 of 10 profiles clean (80%); signature unsigned
	// R-CODE-001 1
	// R-LUONG-002 1
	// 0 Ngach/HeSoLuong
	// 1 DanToc
}
