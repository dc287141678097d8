package packettest_test

import (
	"bytes"
	"context"
	"fmt"
	"time"

	"github.com/cbccvc/cbccvc-go/packet"
	"github.com/cbccvc/cbccvc-go/packet/packettest"
)

func ExampleGenerator_Packet() {
	g := packettest.New(packettest.Options{Seed: 1})
	p := g.Packet(packet.KindProfiles, 100)
	fmt.Println(p.Header.Kind, p.Header.RecordCount, p.Header.Sender, "->", p.Header.Receiver)
	fmt.Println(p.Header.ID.Version(), p.Header.Created.Format(time.RFC3339))
	hs := p.Records.Profiles[0]
	fmt.Println(hs.PersonalID.Gender().Code() == hs.Gender, hs.PersonalID.BirthYear() == hs.BirthDate.Year())
	fmt.Println(hs.ManagingUnit.Equal(p.Header.Sender) || hs.ManagingUnit.IsUnder(p.Header.Sender))
	// Output:
	// HOSO 100 000.00.00.H29 -> 000.00.00.G09
	// VERSION_7 2026-11-26T10:00:00+07:00
	// true true
	// true
}

// Defects break one rule each, in the first records, and the validator
// finds them there.
func ExampleDefect() {
	g := packettest.New(packettest.Options{Defects: []packettest.Defect{
		packettest.DefectGenderDigit, packettest.DefectSalaryCoefficient, packettest.DefectSpaces,
	}})
	p := g.Packet(packet.KindProfiles, 5)
	v, err := packet.NewValidator(packet.WithClock(func() time.Time { return g.Options().Now }))
	if err != nil {
		fmt.Println(err)
		return
	}
	rep, err := v.ValidatePacket(context.Background(), p)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, f := range rep.Findings {
		fmt.Println(f.Rule, f.Severity, f.Pointer)
	}
	// Output:
	// R-ID-003 LOI /DuLieu/0/SoDinhDanh
	// R-LUONG-002 LOI /DuLieu/1/Ngach/HeSoLuong
	// R-TXT-001 CANH_BAO /DuLieu/2/HoVaTen
}

// Header and Records write a packet of any size one record at a time.
func ExampleGenerator_Records() {
	const n = 1000
	g := packettest.New(packettest.Options{Seed: 2})
	var buf bytes.Buffer
	enc := packet.NewEncoder(&buf, packet.FormatXML, g.Header(packet.KindChanges, n))
	for r := range g.Records(packet.KindChanges, n) {
		if err := enc.Encode(r); err != nil {
			fmt.Println(err)
			return
		}
	}
	if err := enc.Close(nil); err != nil {
		fmt.Println(err)
		return
	}
	p, _, err := packet.Decode(&buf, packet.FormatAuto, packet.Limits{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(p.Header.Kind, len(p.Records.Changes))
	// Output:
	// BIENDONG 1000
}

// Reply answers a packet from the findings of validating it.
func ExampleGenerator_Reply() {
	g := packettest.New(packettest.Options{Defects: []packettest.Defect{packettest.DefectUnknownCode}})
	hoso := g.Packet(packet.KindProfiles, 3)
	v, err := packet.NewValidator(packet.WithClock(func() time.Time { return g.Options().Now }))
	if err != nil {
		fmt.Println(err)
		return
	}
	rep, err := v.ValidatePacket(context.Background(), hoso)
	if err != nil {
		fmt.Println(err)
		return
	}
	reply := g.Reply(hoso, rep.Findings)
	fmt.Println(reply.Header.Kind, reply.Header.State, reply.Header.ReplyTo == hoso.Header.ID)
	for _, r := range reply.Records.Results {
		// KhoaBanGhi is the personal ID, the key of a profile in format 2.0.
		fmt.Println(r.Index, r.Key == hoso.Records.Profiles[r.Index].PersonalID.String(), r.Status, len(r.Violations))
	}
	// Output:
	// PHANHOI DA_XU_LY true
	// 0 true LOI 1
	// 1 true THANH_CONG 0
	// 2 true THANH_CONG 0
}
