//go:build !cgo

package pkcs11

import (
	"crypto"
	"crypto/x509"
	"io"
)

// Key is a private key on a token; built without cgo, there is none.
type Key struct{}

// Open returns ErrNoCgo: a module cannot be loaded without cgo.
func Open(Config) (*Key, error) {
	return nil, &Error{Err: ErrNoCgo, MessageEN: "this program was built without cgo (CGO_ENABLED=0), so it cannot load a PKCS #11 module",
		MessageVI: "Phần mềm này được dựng không có cgo nên không dùng được thiết bị ký số (PKCS #11). Đề nghị dùng bản dựng có cgo, hoặc ký số bằng tệp chứng thư số (PKCS #12)."}
}

// Public returns nil.
func (*Key) Public() crypto.PublicKey { return nil }

// Sign returns ErrNoCgo.
func (*Key) Sign(io.Reader, []byte, crypto.SignerOpts) ([]byte, error) { return nil, ErrNoCgo }

// Certificate returns nil.
func (*Key) Certificate() *x509.Certificate { return nil }

// Close does nothing.
func (*Key) Close() error { return nil }
