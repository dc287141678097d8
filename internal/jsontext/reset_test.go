package jsontext

import "testing"

// TestResetBytes reads documents one after another with one decoder: each
// reads as with a new decoder, and an error does not outlive its document.
func TestResetBytes(t *testing.T) {
	d := NewBytesDecoder(nil, Limits{MaxDepth: 2})
	for _, tt := range []struct {
		in   string
		want bool
	}{
		{`{"a":[1]}`, true},
		{`{"a":[[1]]}`, false}, // over the depth
		{`{"a":"b"}`, true},
		{`{"a":1,"a":2}`, false},
		{`[true]`, true},
	} {
		d.ResetBytes([]byte(tt.in))
		_, err := d.Value()
		if err == nil {
			err = d.End()
		}
		if (err == nil) != tt.want {
			t.Errorf("%s: error %v, want ok %v", tt.in, err, tt.want)
		}
		if d.Offset() != int64(len(tt.in)) && tt.want {
			t.Errorf("%s: offset %d after the document", tt.in, d.Offset())
		}
	}
}
