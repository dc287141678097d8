package xmldsig

import (
	"bytes"
	"testing"

	"github.com/cbccvc/cbccvc-go/identifier"
	"github.com/cbccvc/cbccvc-go/packet"
	"github.com/cbccvc/cbccvc-go/packet/packettest"
)

// BenchmarkRead measures the one reading of a 10,000-profile XML packet
// without a packet reader beside it: the tokenizer, the checks and the
// exclusive canonical form, the XML-DSig's share of signing and verifying.
func BenchmarkRead(b *testing.B) {
	p := packettest.New(packettest.Options{Seed: 1, Sender: identifier.MustParseAgencyCode("000.00.00.H29")}).Packet(packet.KindProfiles, 10_000)
	var buf bytes.Buffer
	if err := p.Encode(&buf, packet.FormatXML); err != nil {
		b.Fatal(err)
	}
	data := buf.Bytes()
	dst := make([]byte, 0, len(data))
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := Read(dst, data, Sign, nil); err != nil {
			b.Fatal(err)
		}
	}
}
