package packet_test

import (
	"context"
	"fmt"
	"os"

	"github.com/cbccvc/cbccvc-go/packet"
)

// Each finding goes back to the row of the vendor's table it came from:
// Record gives the index of the record in the packet, which is the index
// of the row the packet was built from; a finding about the header is in
// no record.
func ExampleFinding_Record() {
	rows := []string{"NV-0107", "NV-0212", "NV-0315"} // the HR table's keys, in the order of the records
	v, err := packet.NewValidator()
	if err != nil {
		fmt.Println(err)
		return
	}
	f, err := os.Open("testdata/invalid/R-ID-003.xml")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer f.Close()
	rep, err := v.Validate(context.Background(), f)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, fd := range rep.Findings {
		if i, ok := fd.Record(); ok && i < len(rows) {
			fmt.Println(rows[i], fd.Rule, fd.Pointer)
		} else {
			fmt.Println("packet", fd.Rule, fd.Pointer)
		}
	}
	_, ok := packet.Finding{Pointer: "/ThongTinGoiTin/SoLuongBanGhi"}.Record()
	fmt.Println(ok)
	// Output:
	// NV-0107 R-ID-003 /DuLieu/0/SoDinhDanh
	// false
}

// A finding made on one record alone, at a pointer inside the record, is
// placed in the packet by the record's index.
func ExampleRecordPointer() {
	f := packet.Finding{Rule: packet.RuleDateFuture, Pointer: "/NgaySinh"} // found on the third row alone
	f.Pointer = packet.RecordPointer(2, f.Pointer)
	i, _ := f.Record()
	fmt.Println(f.Pointer, i)
	// Output:
	// /DuLieu/2/NgaySinh 2
}

// A finding about the packet's frame is placed at the member that carries
// a field of the model, named by its Go name.
func ExamplePacketPointer() {
	fmt.Println(packet.PacketPointer("Kind"))
	fmt.Println(packet.PacketPointer("Records"))
	// Output:
	// /ThongTinGoiTin/LoaiGoiTin
	// /DuLieu
}
