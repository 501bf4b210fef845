// Package httpx holds small HTTP helpers shared by the server and its
// middleware: the one status-recording ResponseWriter and the closed set of
// request methods used as metric labels.
package httpx

import "net/http"

// StatusWriter records the status and size of a response as it is written.
// It keeps http.ResponseController working (Unwrap) and passes Flush on, so
// streaming handlers behind it still stream.
type StatusWriter struct {
	http.ResponseWriter
	// Status is the status sent, 0 until the header is written.
	Status int
	// Bytes counts the body bytes written.
	Bytes int
}

// NewStatusWriter wraps w.
func NewStatusWriter(w http.ResponseWriter) *StatusWriter {
	return &StatusWriter{ResponseWriter: w}
}

// WriteHeader records the first final status and sends it. Informational
// answers (1xx such as 103 Early Hints, which may precede the real one)
// are sent without being recorded; 101 Switching Protocols is final.
func (w *StatusWriter) WriteHeader(code int) {
	if w.Status == 0 && (code >= 200 || code == http.StatusSwitchingProtocols) {
		w.Status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

// Write records an implicit 200 and counts the bytes.
func (w *StatusWriter) Write(b []byte) (int, error) {
	if w.Status == 0 {
		w.Status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.Bytes += n
	return n, err
}

// Flush sends buffered data to the client when the underlying writer can
// (http.Flusher, for handlers that assert it).
func (w *StatusWriter) Flush() { _ = w.FlushError() }

// FlushError is Flush with the underlying writer's error (a client gone,
// or a writer that cannot flush): http.ResponseController prefers it, so a
// streaming handler behind the writer learns that its flush failed.
func (w *StatusWriter) FlushError() error {
	if w.Status == 0 {
		w.Status = http.StatusOK
	}
	return http.NewResponseController(w.ResponseWriter).Flush()
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (w *StatusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// Code is the status to record once the handler returned: 200 when nothing
// was written.
func (w *StatusWriter) Code() int {
	if w.Status == 0 {
		return http.StatusOK
	}
	return w.Status
}

// MethodLabel maps a request method to a closed set usable as a metric
// label: the methods of RFC 9110 and PATCH as they are, anything else
// "OTHER". Clients choose the method; a label must not let them choose the
// number of series.
func MethodLabel(m string) string {
	switch m {
	case http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch,
		http.MethodDelete, http.MethodOptions, http.MethodConnect, http.MethodTrace:
		return m
	}
	return "OTHER"
}
