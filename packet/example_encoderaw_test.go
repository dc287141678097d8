package packet_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/cbccvc/cbccvc-go/packet"
	"github.com/cbccvc/cbccvc-go/packet/packettest"
)

// EncodeRaw writes records kept in their wire form — profiles in a store,
// say — as they are, once it has checked that each is one record of the
// packet's kind; a damaged one is refused with a finding at its pointer,
// and the next is written.
func ExampleEncoder_EncodeRaw() {
	g := packettest.New(packettest.Options{Seed: 1})
	var stored [][]byte // the profiles as stored: JSON objects
	for range 2 {
		p := g.Profile()
		b, err := json.Marshal(&p)
		if err != nil {
			fmt.Println(err)
			return
		}
		stored = append(stored, b)
	}
	stored = append(stored[:1], append([][]byte{[]byte(`["damaged"]`)}, stored[1:]...)...)

	var out bytes.Buffer
	enc := packet.NewEncoder(&out, packet.FormatJSON, g.Header(packet.KindProfiles, 2))
	for _, b := range stored {
		var fs packet.Findings
		if err := enc.EncodeRaw(b); errors.As(err, &fs) {
			fmt.Println(errors.Is(err, packet.ErrRawRecord), fs[0].Rule, fs[0].Pointer)
			fmt.Println(fs[0].MessageVI)
		}
	}
	if err := enc.Close(nil); err != nil {
		fmt.Println(err)
		return
	}
	p, fs, err := packet.Decode(&out, packet.FormatJSON, packet.Limits{})
	fmt.Println(len(p.Records.Profiles), "profiles,", len(fs), "findings,", err)
	// Output:
	// true R-FMT-001 /DuLieu/1
	// Bản ghi thứ 2 không phải một đối tượng JSON. Đề nghị kiểm tra lại dữ liệu đã lưu của bản ghi này.
	// 2 profiles, 0 findings, <nil>
}
