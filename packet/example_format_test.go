package packet_test

import (
	"bytes"
	"errors"
	"fmt"
	"os"

	"github.com/cbccvc/cbccvc-go/packet"
)

func ExampleDetectFormat() {
	for _, in := range []string{`  {"ThongTinGoiTin":{}}`, `<?xml version="1.0"?><GoiTin/>`, "\ufeff{}", ""} {
		f, err := packet.DetectFormat([]byte(in))
		var fs packet.Findings
		if errors.As(err, &fs) {
			fmt.Println(fs[0].Rule, fs[0].MessageEN)
			fmt.Println(fs[0].MessageVI)
			continue
		}
		fmt.Println(f == packet.FormatJSON, f == packet.FormatXML)
	}
	// Output:
	// true false
	// false true
	// R-FMT-001 the input starts with a byte-order mark; packets are UTF-8 without one
	// Gói tin bắt đầu bằng dấu BOM: gói tin phải là UTF-8 không có BOM. Đề nghị lưu lại tệp ở dạng UTF-8 không BOM.
	// R-FMT-001 empty input: neither JSON nor XML
	// Gói tin rỗng: không phải JSON hay XML. Đề nghị kiểm tra lại tệp gửi đi.
}

func ExampleReadHeader() {
	body, err := os.ReadFile("testdata/spec/hoso.xml")
	if err != nil {
		fmt.Println(err)
		return
	}
	f, err := packet.DetectFormat(body) // packet.FormatJSON or packet.FormatXML
	if err != nil {
		fmt.Println(err) // a packet.Findings error of rule R-FMT-001
		return
	}
	h, fs, err := packet.ReadHeader(bytes.NewReader(body), f, packet.Limits{})
	if err != nil {
		fmt.Println(err) // malformed (a packet.Findings error) or packet.ErrMissingHeader
		return
	}
	for _, f := range fs { // a header value that does not parse: its field is zero
		fmt.Println(f.Rule, f.Pointer, f.MessageEN)
	}
	fmt.Println(h.Kind, "from", h.Sender, "to", h.Receiver, "with", h.RecordCount, "records")
	// Output:
	// HOSO from 000.00.00.H29 to 000.00.00.G09 with 3 records
}
