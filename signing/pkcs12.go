package signing

import (
	"crypto"
	"crypto/x509"
	"fmt"

	"software.sslmate.com/src/go-pkcs12"
)

// LoadPKCS12 returns a signer for the key and certificates of a PKCS #12
// file (.p12, .pfx), the form in which Vietnamese CAs issue software
// certificates. The file's certificate is the signer's; its other
// certificates are kept as intermediates.
func LoadPKCS12(data []byte, password string, opts ...SignerOption) (*Signer, error) {
	key, cert, chain, err := pkcs12.DecodeChain(data, password)
	if err != nil {
		return nil, fmt.Errorf("signing: reading PKCS #12: %w", err)
	}
	signer, ok := key.(crypto.Signer)
	if !ok {
		return nil, fmt.Errorf("signing: the PKCS #12 key (%T) cannot sign", key)
	}
	return NewSigner(signer, append([]*x509.Certificate{cert}, chain...), opts...)
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
