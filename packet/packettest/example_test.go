package packettest_test

import (
	"fmt"

	"github.com/cbccvc/cbccvc-go/packet"
	"github.com/cbccvc/cbccvc-go/packet/packettest"
)

func ExampleGenerator_Packet() {
	g := packettest.New(packettest.Options{Seed: 1})
	p := g.Packet(packet.KindProfiles, 100)
	fmt.Println(p.Header.Kind, p.Header.RecordCount, p.Header.Sender)
	hs := p.Records.Profiles[0]
	fmt.Println(hs.PersonalID.Gender().Code() == hs.Gender, hs.PersonalID.BirthYear() == hs.BirthDate.Year())
	// Output:
	// HOSO 100 000.00.00.H29
	// true true
}
