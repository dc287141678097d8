package signing

import (
	"crypto"
	"crypto/x509"
	"errors"
	"fmt"
	"os"
	"strings"

	"software.sslmate.com/src/go-pkcs12"
)

// LoadPKCS12 returns a signer for the key and certificates of a PKCS #12
// file (.p12, .pfx), the form in which Vietnamese CAs issue software
// certificates. The file's certificate is the signer's; its other
// certificates are kept as intermediates. A wrong password is an [*Error]
// wrapping ErrPassword.
func LoadPKCS12(data []byte, password string, opts ...SignerOption) (*Signer, error) {
	key, cert, chain, err := pkcs12.DecodeChain(data, password)
	if errors.Is(err, pkcs12.ErrIncorrectPassword) {
		return nil, &Error{Err: ErrPassword, cause: err, MessageEN: "reading PKCS #12: wrong password",
			MessageVI: "Mật khẩu của tệp chứng thư số (PKCS #12) không đúng. Đề nghị kiểm tra lại mật khẩu hoặc tệp chứa mật khẩu."}
	}
	if err != nil {
		return nil, &Error{Err: ErrKeyFile, cause: err, MessageEN: "reading PKCS #12: " + err.Error(),
			MessageVI: "Tệp chứng thư số không phải tệp PKCS #12 (.p12, .pfx) đọc được. Đề nghị kiểm tra lại tệp khóa."}
	}
	signer, ok := key.(crypto.Signer)
	if !ok {
		return nil, fmt.Errorf("signing: the PKCS #12 key (%T) cannot sign", key)
	}
	return NewSigner(signer, append([]*x509.Certificate{cert}, chain...), opts...)
}

// LoadPKCS12File is LoadPKCS12 for the PKCS #12 file at p12Path, with its
// password in the file at passPath. One line ending at the end of the
// password file ("\n" or "\r\n", as echo and editors write it, and as
// signingtest and "cbccvc testpki" write their .pass files) is not part of
// the password; any other character is.
func LoadPKCS12File(p12Path, passPath string, opts ...SignerOption) (*Signer, error) {
	data, err := os.ReadFile(p12Path)
	if err != nil {
		return nil, fmt.Errorf("signing: %w", err)
	}
	pass, err := os.ReadFile(passPath)
	if err != nil {
		return nil, fmt.Errorf("signing: password file: %w", err)
	}
	return LoadPKCS12(data, trimLineEnd(string(pass)), opts...)
}

// trimLineEnd removes one line ending from the end of s.
func trimLineEnd(s string) string {
	if t, ok := strings.CutSuffix(s, "\n"); ok {
		return strings.TrimSuffix(t, "\r")
	}
	return s
}

// EncodePKCS12 writes key and its certificate chain (leaf first) as a PKCS
// #12 file protected by password, with the algorithms current tools read
// (AES-256 and PBKDF2 with SHA-256). The test PKI uses it; so can a vendor's
// tooling.
func EncodePKCS12(key crypto.Signer, chain []*x509.Certificate, password string) ([]byte, error) {
	if len(chain) == 0 {
		return nil, fmt.Errorf("signing: PKCS #12 needs the signer's certificate")
	}
	return pkcs12.Modern2023.Encode(key, chain[0], chain[1:], password)
}
