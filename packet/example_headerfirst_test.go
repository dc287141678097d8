package packet_test

import (
	"fmt"
	"os"

	"github.com/cbccvc/cbccvc-go/packet"
)

func ExampleDecodeBytes() {
	// A packet in memory, such as a body received or the canonical form a
	// signature covers, whose records may come before its header.
	body, err := os.ReadFile("testdata/spec/hoso.json")
	if err != nil {
		fmt.Println(err)
		return
	}
	p, findings, err := packet.DecodeBytes(body, packet.FormatAuto, packet.Limits{})
	if err != nil {
		fmt.Println(err) // malformed, as packet.Decode reports it
		return
	}
	fmt.Println(p.Header.Kind, "from", p.Header.Sender, "with", p.Records.Len(), "records,", len(findings), "findings")
	// Output:
	// HOSO from 000.00.00.H29 with 3 records, 0 findings
}

func ExampleReadHeaderBytes() {
	body, err := os.ReadFile("testdata/spec/hoso.json")
	if err != nil {
		fmt.Println(err)
		return
	}
	h, fs, err := packet.ReadHeaderBytes(body, packet.FormatAuto, packet.Limits{})
	if err != nil {
		fmt.Println(err) // malformed, as packet.ReadHeader reports it
		return
	}
	fmt.Println(h.Kind, "from", h.Sender, "with", h.RecordCount, "records,", len(fs), "findings")
	// Output:
	// HOSO from 000.00.00.H29 with 3 records, 0 findings
}
