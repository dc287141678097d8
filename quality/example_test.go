package quality_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"time"

	"github.com/cbccvc/cbccvc-go/hrsync"
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

// The page and its endpoint in a program's own server, under /quality/:
// people open /quality/ in a browser; a program posts a packet to
// /quality/v1/quality and gets the report with where each finding's value
// is written in the packet.
func ExampleHandler() {
	mux := http.NewServeMux()
	mux.Handle("/quality/", http.StripPrefix("/quality", &quality.Handler{
		Checker:  &quality.Checker{}, // add a Verifier with your trust roots to verify signatures
		MaxBytes: 16 << 20,           // the largest packet accepted
	}))
	srv := httptest.NewServer(mux) // http.ListenAndServe("127.0.0.1:8357", mux) in a program
	defer srv.Close()

	g := packettest.New(packettest.Options{Seed: 1, Defects: []packettest.Defect{packettest.DefectSalaryCoefficient}})
	var pkt bytes.Buffer
	if err := g.Packet(packet.KindProfiles, 3).Encode(&pkt, packet.FormatJSON); err != nil {
		log.Fatal(err)
	}
	resp, err := http.Post(srv.URL+"/quality/v1/quality", "application/json", bytes.NewReader(pkt.Bytes()))
	if err != nil {
		log.Fatal(err)
	}
	defer resp.Body.Close()
	var got quality.QualityResponse
	if err := json.NewDecoder(resp.Body).Decode(&got); err != nil {
		log.Fatal(err)
	}
	f := got.Report.Findings[0]
	loc := got.Locations[f.Pointer]
	fmt.Println(resp.Status, f.Rule, f.Pointer)
	fmt.Printf("%s\n", pkt.Bytes()[loc.Start:loc.End])
	// Output:
	// 200 OK R-LUONG-002 /DuLieu/0/Ngach/HeSoLuong
	// 3
}

// The profiles a sync store holds, as the national database last
// acknowledged them: the report is that of a packet of them, without a
// signature, and WriteHTML writes it as it writes a packet's.
func ExampleChecker_CheckStore() {
	ctx := context.Background()
	dir, err := os.MkdirTemp("", "store")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	st, err := hrsync.OpenSQLite(ctx, filepath.Join(dir, "cbccvc-sync.db")) // or hrsync.Open(ctx, dsn)
	if err != nil {
		log.Fatal(err)
	}
	defer st.Close()
	seed(ctx, st) // what cbccvc sync leaves in the store

	c := &quality.Checker{}
	rep, err := c.CheckStore(ctx, st, time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)) // the day to check at: today in a program
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%d of %d profiles clean; signature %q\n", rep.Clean, rep.Checked, rep.Signature.Status)
	for _, r := range rep.ByRule {
		fmt.Println(r.Rule, r.Count)
	}
	if err := quality.WriteHTML(io.Discard, rep, quality.HTMLOptions{Source: "cbccvc-sync.db"}); err != nil {
		log.Fatal(err)
	}
	// Output:
	// 9 of 10 profiles clean; signature ""
	// R-LUONG-002 1
}

// seed stores ten profiles as acknowledged, one with a mistake.
func seed(ctx context.Context, st hrsync.Store) {
	g := packettest.New(packettest.Options{Seed: 1, Defects: []packettest.Defect{packettest.DefectSalaryCoefficient}})
	var people []hrsync.Person
	for _, p := range g.Packet(packet.KindProfiles, 10).Records.Profiles {
		b, err := json.Marshal(p)
		if err != nil {
			log.Fatal(err)
		}
		people = append(people, hrsync.Person{PersonalID: p.PersonalID.String(), Digest: "-", Profile: b})
	}
	if err := st.Record(ctx, "", nil, people); err != nil {
		log.Fatal(err)
	}
}
