package signing

import (
	"crypto"
	"crypto/x509"
	"encoding/pem"
	"fmt"
	"os"
)

// KeyFiles names the files that hold an agency's key and its certificates,
// in one of the two forms CAs and tools hand them out:
//
//   - Key is a PKCS #12 file (.p12, .pfx) holding the key and the chain,
//     with its password in PasswordFile (none: the empty password), read as
//     [ReadPasswordFile] reads it; Cert stays empty;
//   - Key is a PEM private key (PKCS #8, PKCS #1 or SEC 1, unencrypted) and
//     Cert the PEM certificate chain: the key's certificate, then its
//     intermediates; PasswordFile stays empty.
//
// "cbccvc testpki" writes both forms: NAME.p12 with NAME.pass, and
// NAME.key.pem with NAME.cert.pem.
type KeyFiles struct {
	Key          string // path of the PKCS #12 file or of the PEM private key
	Cert         string // with a PEM key: path of its PEM certificate chain
	PasswordFile string // with a PKCS #12 file: path of the file holding its password
}

// LoadKeyFiles returns a signer for the key and certificates in files, the
// one loader of the module for keys kept in files (the cbccvc commands that
// sign use it too). Whether Key is PKCS #12 or PEM is read from its
// content. A file that cannot be read is the *fs.PathError of os; a wrong
// password is an [*Error] wrapping ErrPassword; a file that is not what it
// should be, or a combination that does not go together (a PEM key without
// Cert, Cert beside a PKCS #12 file, which holds its own chain), an
// [*Error] wrapping ErrKeyFile; a key that is not its certificate's one
// wrapping ErrKeyMismatch.
func LoadKeyFiles(files KeyFiles, opts ...SignerOption) (*Signer, error) {
	data, err := os.ReadFile(files.Key)
	if err != nil {
		return nil, fmt.Errorf("signing: key file: %w", err)
	}
	if block, _ := pem.Decode(data); block == nil {
		return loadPKCS12Files(data, files, opts)
	}
	if files.PasswordFile != "" {
		return nil, keyFileError(nil, files.Key+": a PEM key takes no password file (an encrypted PEM key is not read: convert it to PKCS #12)",
			fmt.Sprintf("Khóa bí mật dạng PEM %q không dùng tệp mật khẩu. Đề nghị bỏ tệp mật khẩu; nếu khóa được bảo vệ bằng mật khẩu, đề nghị chuyển khóa và chứng thư số sang tệp PKCS #12 (.p12).", files.Key))
	}
	if files.Cert == "" {
		return nil, keyFileError(nil, files.Key+": a PEM key needs its PEM certificate chain (Cert)",
			fmt.Sprintf("Khóa bí mật dạng PEM %q cần kèm tệp chứng thư số. Đề nghị chỉ ra tệp PEM chứa chứng thư số của khóa, tiếp theo là các chứng thư số trung gian.", files.Key))
	}
	key, err := parsePrivateKeyPEM(data, files.Key)
	if err != nil {
		return nil, err
	}
	certPEM, err := os.ReadFile(files.Cert)
	if err != nil {
		return nil, fmt.Errorf("signing: certificate file: %w", err)
	}
	chain, err := parseCertificatesPEM(certPEM, files.Cert)
	if err != nil {
		return nil, err
	}
	return NewSigner(key, chain, opts...)
}

// loadPKCS12Files loads the PKCS #12 file files.Key, whose content is data.
func loadPKCS12Files(data []byte, files KeyFiles, opts []SignerOption) (*Signer, error) {
	if files.Cert != "" {
		return nil, keyFileError(nil, files.Key+": a PKCS #12 file holds its own certificates: give no Cert with it",
			fmt.Sprintf("Tệp PKCS #12 %q đã chứa chứng thư số; không dùng kèm tệp chứng thư số riêng. Đề nghị bỏ tệp chứng thư số, hoặc dùng khóa bí mật dạng PEM kèm tệp chứng thư số.", files.Key))
	}
	password := ""
	if files.PasswordFile != "" {
		var err error
		if password, err = ReadPasswordFile(files.PasswordFile); err != nil {
			return nil, err
		}
	}
	s, err := LoadPKCS12(data, password, opts...)
	if err != nil {
		return nil, inFile(err, files.Key)
	}
	return s, nil
}

// ReadPasswordFile returns the password held in the file at path: its
// content without one line ending at the end ("\n" or "\r\n", as echo and
// editors write it, and as "cbccvc testpki" and signingtest write their
// .pass files). Any other character is part of the password, a space or a
// second line ending too, so that a password is never changed silently.
func ReadPasswordFile(path string) (string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return "", fmt.Errorf("signing: password file: %w", err)
	}
	return trimLineEnd(string(b)), nil
}

// ParseCertificatesPEM returns the certificates of the CERTIFICATE blocks
// of data, in their order (for a chain: the signer's, then its
// intermediates); other blocks are skipped. No certificate, or one that
// does not parse, is an [*Error] wrapping ErrKeyFile.
func ParseCertificatesPEM(data []byte) ([]*x509.Certificate, error) {
	return parseCertificatesPEM(data, "")
}

// parseCertificatesPEM is ParseCertificatesPEM for the content of the file
// at path ("": not from a file).
func parseCertificatesPEM(data []byte, path string) ([]*x509.Certificate, error) {
	var certs []*x509.Certificate
	for block, rest := pem.Decode(data); block != nil; block, rest = pem.Decode(rest) {
		if block.Type != "CERTIFICATE" {
			continue
		}
		c, err := x509.ParseCertificate(block.Bytes)
		if err != nil {
			return nil, fileError(path, err, fmt.Sprintf("certificate %d: %v", len(certs)+1, err),
				fmt.Sprintf("có chứng thư số thứ %d không đọc được. Đề nghị kiểm tra lại tệp chứng thư số.", len(certs)+1))
		}
		certs = append(certs, c)
	}
	if len(certs) == 0 {
		return nil, fileError(path, nil, "no PEM certificate",
			"không chứa chứng thư số dạng PEM nào. Đề nghị kiểm tra lại tệp chứng thư số.")
	}
	return certs, nil
}

// ParsePrivateKeyPEM returns the first private key of data: a PEM block
// PRIVATE KEY (PKCS #8), RSA PRIVATE KEY (PKCS #1) or EC PRIVATE KEY (SEC
// 1); other blocks are skipped. An encrypted key (ENCRYPTED PRIVATE KEY),
// no key, or one that does not parse or cannot sign is an [*Error]
// wrapping ErrKeyFile.
func ParsePrivateKeyPEM(data []byte) (crypto.Signer, error) {
	return parsePrivateKeyPEM(data, "")
}

// parsePrivateKeyPEM is ParsePrivateKeyPEM for the content of the file at
// path ("": not from a file).
func parsePrivateKeyPEM(data []byte, path string) (crypto.Signer, error) {
	for block, rest := pem.Decode(data); block != nil; block, rest = pem.Decode(rest) {
		var key any
		var err error
		switch block.Type {
		case "PRIVATE KEY":
			key, err = x509.ParsePKCS8PrivateKey(block.Bytes)
		case "RSA PRIVATE KEY":
			key, err = x509.ParsePKCS1PrivateKey(block.Bytes)
		case "EC PRIVATE KEY":
			key, err = x509.ParseECPrivateKey(block.Bytes)
		case "ENCRYPTED PRIVATE KEY":
			return nil, fileError(path, nil, "the PEM key is encrypted: convert it with its certificates to PKCS #12",
				"chứa khóa bí mật dạng PEM được bảo vệ bằng mật khẩu nên không đọc được. Đề nghị chuyển khóa và chứng thư số sang tệp PKCS #12 (.p12).")
		default:
			continue
		}
		if err != nil {
			return nil, fileError(path, err, "PEM "+block.Type+": "+err.Error(),
				"chứa khóa bí mật dạng PEM không đọc được. Đề nghị kiểm tra lại tệp khóa.")
		}
		s, ok := key.(crypto.Signer)
		if !ok {
			return nil, fileError(path, nil, fmt.Sprintf("a %T key cannot sign", key),
				"chứa khóa bí mật không dùng để ký số được. Đề nghị dùng khóa RSA hoặc ECDSA.")
		}
		return s, nil
	}
	return nil, fileError(path, nil, "no PEM private key",
		"không chứa khóa bí mật dạng PEM nào. Đề nghị kiểm tra lại tệp khóa.")
}

// keyFileError is the *Error of a key or certificate file that is not what
// it should be.
func keyFileError(cause error, en, vi string) *Error {
	return &Error{Err: ErrKeyFile, cause: cause, MessageEN: en, MessageVI: vi}
}

// fileError is keyFileError about the content of the file at path (""
// when it is not from a file): both messages name it; vi follows "Tệp …".
func fileError(path string, cause error, en, vi string) *Error {
	if path == "" {
		return keyFileError(cause, en, "Tệp "+vi)
	}
	return keyFileError(cause, path+": "+en, fmt.Sprintf("Tệp %q %s", path, vi))
}

// inFile adds the path of the file to an *Error's English message, and
// returns any other error as it is.
func inFile(err error, path string) error {
	if e, ok := err.(*Error); ok {
		c := *e
		c.MessageEN = path + ": " + e.MessageEN
		return &c
	}
	return err
}
