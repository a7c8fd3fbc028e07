package dev.rebound.runtime.http;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.Supplier;

/** A body without a Content-Length: read through until {@code max} bytes, then the endpoint's read fails. */
final class LimitedInputStream extends FilterInputStream {
    private final long max;
    private final Supplier<RuntimeException> tooLarge;
    private long read;

    LimitedInputStream(InputStream in, long max, Supplier<RuntimeException> tooLarge) {
        super(in);
        this.max = max;
        this.tooLarge = tooLarge;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            counted(1);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        if (n > 0) {
            counted(n);
        }
        return n;
    }

    private void counted(int n) {
        read += n;
        if (read > max) {
            throw tooLarge.get();
        }
    }
}
