package signing

import (
	"crypto"
	"crypto/x509"
	"errors"
	"fmt"
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
		return nil, keyFileError(nil, fmt.Sprintf("reading PKCS #12: a %T key cannot sign", key),
			"Khóa bí mật trong tệp PKCS #12 không dùng để ký số được. Đề nghị dùng khóa RSA hoặc ECDSA.")
	}
	return NewSigner(signer, append([]*x509.Certificate{cert}, chain...), opts...)
}

// LoadPKCS12File is LoadPKCS12 for the PKCS #12 file at p12Path, with its
// password in the file at passPath, read by [ReadPasswordFile]: one line
// ending at its end is not part of the password. It is [LoadKeyFiles] for
// a PKCS #12 file.
func LoadPKCS12File(p12Path, passPath string, opts ...SignerOption) (*Signer, error) {
	return LoadKeyFiles(KeyFiles{Key: p12Path, PasswordFile: passPath}, opts...)
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
