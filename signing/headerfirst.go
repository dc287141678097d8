package signing

import (
	"bytes"
	"io"
	"reflect"
	"strings"

	"github.com/cbccvc/cbccvc-go/internal/jsontext"
	"github.com/cbccvc/cbccvc-go/packet"
)

// headerMember is the JSON member of a packet's header, as the model's
// struct tag names it.
func headerMember() string {
	f, _ := reflect.TypeFor[packet.Packet]().FieldByName("Header")
	name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
	return name
}

// headerFirst returns a reader of canon, the canonical form of a JSON
// packet, with its header member moved to the front. RFC 8785 sorts the
// members, so the records (DuLieu) come before the header (ThongTinGoiTin),
// and the packet reader binds a record straight from its bytes only once
// it has the header: read in canonical order, every record would be read
// into a tree first. The bytes are canon's, the members in another order,
// which a JSON object does not carry. Canon laid out otherwise (the header
// first already, or none) is read as it is.
func headerFirst(canon []byte) io.Reader {
	d := jsontext.NewBytesDecoder(canon, jsontext.Limits{})
	if d.BeginObject() != nil {
		return bytes.NewReader(canon)
	}
	name := headerMember()
	for first := true; ; first = false {
		at := int(d.Offset())
		k, _, more, err := d.NextMemberBytes(first)
		if err != nil || !more {
			return bytes.NewReader(canon)
		}
		raw, _, err := d.RawValue(len(canon))
		if err != nil {
			return bytes.NewReader(canon)
		}
		if string(k) != name {
			continue
		}
		if first || raw.Bytes == nil || canon[at] != ',' {
			return bytes.NewReader(canon)
		}
		end := int(raw.Offset) + len(raw.Bytes)
		// {"DuLieu":…,"ThongTinGoiTin":{…}…} becomes
		// {"ThongTinGoiTin":{…},"DuLieu":……}.
		return io.MultiReader(bytes.NewReader(canon[:1]), bytes.NewReader(canon[at+1:end]), strings.NewReader(","),
			bytes.NewReader(canon[1:at]), bytes.NewReader(canon[end:]))
	}
}
