package dev.ferry.tests.oss;

import static org.assertj.core.api.Assertions.assertThat;

import com.aliyun.oss.common.utils.CRC64;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Crc64Test {

  @Test
  void matchesTheCatalogueCheckValueOfCrc64Xz() {
    // Check value of CRC-64/XZ (ECMA-182 reflected, init and xorout all ones).
    assertThat(Crc64.of("123456789".getBytes(StandardCharsets.US_ASCII)))
        .isEqualTo(0x995DC9BBDF1939FAL);
    assertThat(Crc64.of(new byte[0])).isZero();
  }

  @Test
  void agreesWithTheSdksOwnCrc64ForManyLengths() {
    Random random = new Random(42);
    for (int length : new int[] {1, 7, 8, 9, 100, 1023, 4096, 100_000, 350_001}) {
      byte[] data = new byte[length];
      random.nextBytes(data);
      CRC64 sdk = new CRC64();
      sdk.update(data, data.length);
      assertThat(Crc64.of(data)).as("length %d", length).isEqualTo(sdk.getValue());
    }
  }

  @Test
  void headerIsUnsignedDecimalAsTheSdkParsesIt() {
    byte[] data = "123456789".getBytes(StandardCharsets.US_ASCII);
    long crc = Crc64.of(data);
    assertThat(crc).isNegative(); // high bit set, so signed rendering would be wrong
    assertThat(Crc64.toHeader(crc)).isEqualTo("11051210869376104954");
    assertThat(new java.math.BigInteger(Crc64.toHeader(crc)).longValue()).isEqualTo(crc);
  }
}
