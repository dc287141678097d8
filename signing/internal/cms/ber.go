package cms

import (
	"errors"
	"fmt"
)

// maxBERDepth bounds the nesting berValue follows through indefinite
// lengths: a SignedData is a dozen levels deep.
const maxBERDepth = 32

var errBER = errors.New("not one BER value")

// berValue reads the BER value (DER, or BER with indefinite lengths, as
// pkcs7 reads) at the start of b and returns its contents and its length
// in b.
func berValue(b []byte, depth int) (contents []byte, n int, err error) {
	if depth > maxBERDepth || len(b) < 2 {
		return nil, 0, errBER
	}
	i := 1
	if b[0]&0x1f == 0x1f { // a tag number in the bytes that follow
		for ; i < len(b) && i <= 4 && b[i]&0x80 != 0; i++ {
		}
		i++
	}
	if i >= len(b) {
		return nil, 0, errBER
	}
	l := int(b[i])
	i++
	switch {
	case l == 0x80: // indefinite: constructed values up to end-of-contents
		if b[0]&0x20 == 0 {
			return nil, 0, errBER
		}
		for j := i; ; {
			if j+1 < len(b) && b[j] == 0 && b[j+1] == 0 {
				return b[i:j], j + 2, nil
			}
			_, m, err := berValue(b[j:], depth+1)
			if err != nil {
				return nil, 0, err
			}
			j += m
		}
	case l > 0x80:
		k := l & 0x7f
		if k > 4 || i+k > len(b) {
			return nil, 0, errBER
		}
		l = 0
		for _, c := range b[i : i+k] {
			l = l<<8 | int(c)
		}
		i += k
	}
	if l > len(b)-i {
		return nil, 0, errBER
	}
	return b[i : i+l], i + l, nil
}

// checkEnvelope refuses what pkcs7.Parse reads past without a word: bytes
// after the ContentInfo, after its [0] content, or after the one value
// that content holds. Such bytes are covered by no signature, and a
// signature that carries them is not the value the signer made.
func checkEnvelope(der []byte) error {
	ci, n, err := berValue(der, 0)
	if err != nil {
		return fmt.Errorf("%w: %v", ErrMalformed, err)
	}
	if n != len(der) {
		return fmt.Errorf("%w: %d bytes after the ContentInfo", ErrMalformed, len(der)-n)
	}
	_, n, err = berValue(ci, 0) // contentType
	if err != nil {
		return fmt.Errorf("%w: ContentInfo: %v", ErrMalformed, err)
	}
	rest := ci[n:]
	content, n, err := berValue(rest, 0)
	if err != nil {
		return fmt.Errorf("%w: ContentInfo content: %v", ErrMalformed, err)
	}
	if n != len(rest) {
		return fmt.Errorf("%w: %d bytes after the ContentInfo content", ErrMalformed, len(rest)-n)
	}
	if _, n, err = berValue(content, 0); err != nil || n != len(content) {
		return fmt.Errorf("%w: bytes after the SignedData", ErrMalformed)
	}
	return nil
}
