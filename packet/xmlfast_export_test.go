package packet

import (
	"bytes"
	"testing"
)

// SameOutcome exposes sameOutcome to the tests of package packet_test,
// which hold the XML reader's fast path to the exact one on packets made
// by packettest.
func SameOutcome(t *testing.T, name string, data []byte, lim Limits, oneByte bool) *Report {
	t.Helper()
	return sameOutcome(t, name, data, lim, oneByte)
}

// XMLFastBound returns how many of the records of an XML packet the
// reader binds from their tokens, and how many records it reads.
func XMLFastBound(data []byte) (fast, records int, err error) {
	d := NewDecoder(bytes.NewReader(data), FormatXML, Limits{})
	for _, err := range d.Records() {
		if err != nil {
			return 0, 0, err
		}
	}
	xr := d.r.(*xmlPacketReader)
	if xr.fast == nil {
		return 0, xr.index, nil
	}
	return xr.fast.bound, xr.index, nil
}

// SameHeader exposes sameHeader: ReadHeader of an XML packet reads its
// records past by the fast path, not into trees.
func SameHeader(t *testing.T, name string, data []byte, lim Limits, oneByte bool) {
	t.Helper()
	sameHeader(t, name, data, lim, oneByte)
}
