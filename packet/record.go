package packet

import (
	"reflect"
	"strconv"
	"strings"
)

// recordsPrefix is the JSON Pointer of the records of a packet (DuLieu),
// followed by the slash before a record's index; ptrHeader is the header's
// (ThongTinGoiTin).
var (
	recordsPrefix = "/" + wireName[Packet]("Records") + "/"
	ptrHeader     = "/" + wireName[Packet]("Header")
)

// RecordPointer returns the JSON Pointer of a value in the record of a
// packet at index (from 0): within is the value's pointer inside the record
// ("/NgaySinh"), "" for the record itself. RecordPointer(17, "/NgaySinh")
// is "/DuLieu/17/NgaySinh", whose record Finding.Record gives back. It
// places in a packet a finding made on one record alone.
func RecordPointer(index int, within string) string {
	return recordsPrefix + strconv.Itoa(index) + within
}

// AppendRecordPointer appends RecordPointer(index, within) to dst and
// returns the extended buffer, for a caller that builds the pointer further.
func AppendRecordPointer(dst []byte, index int, within string) []byte {
	dst = append(dst, recordsPrefix...)
	dst = strconv.AppendInt(dst, int64(index), 10)
	return append(dst, within...)
}

// PacketPointer returns the JSON Pointer of the member of a packet that
// carries the Go field named: a field of Packet ("Records" is "/DuLieu",
// "Header" is "/ThongTinGoiTin") or of Header ("Kind" is
// "/ThongTinGoiTin/LoaiGoiTin"). It returns "" for a name of neither. A
// finding about the packet's frame is placed by it, with the member names
// of the format rather than spelt again.
func PacketPointer(field string) string {
	if name, ok := fieldWireName(reflect.TypeFor[Packet](), field); ok {
		return "/" + name
	}
	if name, ok := fieldWireName(reflect.TypeFor[Header](), field); ok {
		return ptrHeader + "/" + name
	}
	return ""
}

// Record returns the index of the record the finding is about (17 for
// /DuLieu/17/NgaySinh, in the order of the packet's records, from 0), and
// ok false when the finding is not in a record: about the header
// (/ThongTinGoiTin/…), the packet as a whole (""), or DuLieu itself. A
// vendor finds by it the row of its own table a finding is about.
func (f Finding) Record() (index int, ok bool) {
	rest, found := strings.CutPrefix(f.Pointer, recordsPrefix)
	if !found {
		return -1, false
	}
	num, _, _ := strings.Cut(rest, "/")
	// The index as a JSON Pointer writes an array's: digits, no leading
	// zero, few enough not to overflow.
	if num == "" || len(num) > 9 || len(num) > 1 && num[0] == '0' {
		return -1, false
	}
	n := 0
	for i := 0; i < len(num); i++ {
		if num[i] < '0' || num[i] > '9' {
			return -1, false
		}
		n = n*10 + int(num[i]-'0')
	}
	return n, true
}
