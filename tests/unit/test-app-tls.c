/* SPDX-License-Identifier: GPL-3.0-or-later */
/* TLS ClientHello parser: real hellos against published JA3/JA4 values, their negative twins
 * (every prefix, off-by-one lengths), re-split records and hostile hand-built hellos. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "iotsec-common.h"
#include "app/app-tls.h"
#include "testutil.h"

/* ---- Real ClientHellos: the client's first bytes of each TCP stream, up to the end of the
 * records carrying the ClientHello, copied from the captures in ../shared/data (packet numbers
 * are 1-based as tcpdump and Wireshark count them). ---- */

/* arkime-tests/curl-enabled-tls13.pcap, client packets 8 (517 bytes);
 * expected values from arkime-tests/curl-enabled-tls13.test. */
static const char curl_tls13_hex[] =
    "1603010200010001fc0303896833458d7827917b0deb0813ebd3ebf3bc731018ee722dc10e502eb72f9fbd20"
    "002ec375729614262a240f08055b7ef2a11799c7f032a7f5838890823f079bfc000813021303130100ff0100"
    "01ab000000160014000011656e61626c65642e746c7331332e636f6d000b000403000102000a000c000a001d"
    "0017001e00190018337400000010000e000c02683208687474702f312e31001600000017000000310000000d"
    "001e001c040305030603080708080809080a080b080408050806040105010601002b0003020304002d000201"
    "01003300260024001d0020a3fde1f9062b99be7617356eda87a4632172eddfb7c44c4aa418e963a0351f0500"
    "1500fa0000000000000000000000000000000000000000000000000000000000000000000000000000000000"
    "0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
    "0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
    "0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
    "0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
    "000000000000000000000000000000000000000000000000000000000000000000";
/* arkime-tests/openssl-tls1_2.pcap, client packets 4 (263 bytes);
 * expected values from arkime-tests/openssl-tls1_2.test. */
static const char openssl_tls12_hex[] =
    "1603010102010000fe0303543dd3283283692d85f9416b5ccc65d2aafca45c6530b3c6eafbf6d371b6a01500"
    "0094c030c02cc028c024c014c00a00a3009f006b006a0039003800880087c032c02ec02ac026c00fc005009d"
    "003d00350084c012c00800160013c00dc003000ac02fc02bc027c023c013c00900a2009e0067004000330032"
    "009a009900450044c031c02dc029c025c00ec004009c003c002f009600410007c011c007c00cc00200050004"
    "0015001200090014001100080006000300ff01000041000b000403000102000a000600040018001700230000"
    "000d002200200601060206030501050205030401040204030301030203030201020202030101000f000101";
/* arkime-tests/ssl-selfsign.pcap, client packets 5 (94 bytes);
 * expected values from arkime-tests/ssl-selfsign.test. */
static const char sslv3_selfsign_hex[] =
    "16030000590100005503005a9034bd92fec92297d5f519735488ac0fd2f00b941cc02661e1019ea373866700"
    "002e00390038003500160013000a00330032002f009a00990096000500040015001200090014001100080006"
    "000300ff0100";
/* arkime-tests/tls-alpn-h2.pcap, client packets 4 (237 bytes);
 * expected values from arkime-tests/tls-alpn-h2.test. */
static const char alpn_h2_hex[] =
    "16030100e8010000e40303858226c04fbaeddef4246093b4cfdab38f9dcfef145360e417686575cac49c7000"
    "005cc030c02cc028c024c014c00a009f006b0039cca9cca8ccaaff8500c400880081009d003d003500c00084"
    "c02fc02bc027c023c013c009009e0067003300be0045009c003c002f00ba0041c011c00700050004c012c008"
    "0016000a00ff0100005f0000001700150000127777772e636c6f7564666c6172652e636f6d000b0002010000"
    "0a00080006001d00170018000d001c001a06010603efef0501050304010403eeeeeded030103030201020300"
    "10000e000c02683208687474702f312e31";
/* arkime-tests/tls-split-client-hello.pcap, client packets 4,5 (1729 bytes);
 * expected values from arkime-tests/tls-split-client-hello.test. */
static const char split_hello_hex[] =
    "16030106bc010006b8030379c4ac065e1d80d1350600264f5b3ea2be8d7509a5b84b2fe55a74a5b86af85120"
    "da4a3599da1bc634b855913b42c9764934b861fbdf7e32c97c246205e4fc809200201a1a130113021303c02b"
    "c02fc02cc030cca9cca8c013c014009c009d002f00350100064f1a1a0000000d001200100403080404010503"
    "080505010806060100120000002d00020101001b0003020002fe0d00ba00000100014a0020cb670d956823e8"
    "f0910d73f44a9ffaf21acd68eba119cf2cfb949f41aaa98d450090a9d05d030d813edf3f8bf61e6296c367d1"
    "9fdf7ad909f5aacef6a5df3bb8b775bd04e3fb4a7c2146350c9050ed077f052eb1973ecb38b32513a1d8ee09"
    "03ff293ed96c819c0f3204a345dfb2f2c291f3fd2054705cea237a5b041d76c8f36a3bee0f9b59f04fdd116a"
    "e6636966c5bd8509406c2317cc46adf3730b3310b4d88d0d5f7fe6b4ad183ad8834ae6fb17cb8e002b000706"
    "9a9a03040303003304ef04ed3a3a00010011ec04c0ef37818f932f8f646b26e70c85f431954969ec0036d58b"
    "4ec8fa6d10a2b2e1f2b7c31c7ab0fb541a68b3d607498da951ee6a197d0c88930ac56d6843be57b10ba293df"
    "889ea173a4eac752df86312a230284298413675420f21fe32c3d354b1538779275a17d27da09036b68f1b7ae"
    "9f6c74a941b940075915d85f64a1a81d55c363aba766c08a5a44ab4bf755f61c2e896b4c6cb5770307997e80"
    "8bd58520597321d0b45055bb0c48ba23928553114421c0989d55f45fa9425903288a2139099165219b35cc48"
    "442d15a269b366bd1b85b6ed1bc1dd76af52a1b13b156aad298633e0a6ac494b331b3d6714c94d6a2cd5d423"
    "e713c29d38c2f9b12bffaa466483253f82705b7045b29c6569e93efe45cd16348efea19fe560c89c9311b0fc"
    "a5e605b7b54bbeabd7c6df1b8c877a9717d4183f5a18b7390127184fb090437941a4f4416ac3811555c5bc36"
    "5c0685225da5d8b9b4870afe83b115b41f1b83b00ff952c7d5abadc1302e5857e493b5a57b88596bc52d1c0b"
    "d46661312204edd2ad9ed554106a7c6093bb8a346718520fb00a34c18262e44b1104d36a71c9b14f315b767a"
    "2a23e9abe1f87e88c3617548482c9c13a7174f18530a26678e50a05d8ab35f651a8213973df098c3e0741d86"
    "164080dc06602914618b328b89a6bccc375be202e3886577725f5c31c7f928cf6a7bcb2d28b697978c6b48ae"
    "82f777ebd14b19c57949d43e7bc7cf5648104f840f370064b9a16deee2c699311368965f8fa6060dc8b28232"
    "62fc479b07ea965abc95e03c745a42b75c9195bae067b1e711d7d641ea62c2aed720fa6c4c6b3647fc3111f6"
    "270b8cf5b45b0286d82773b9064fd1c71cf2f421555397c4cbcd09336c3054ab5783231495675e731dd5ab86"
    "f9f0845bdcaecbd060c6854616e74e31599051b65c99e91376d1a593b9194873307c502f6154311370c84621"
    "0f5c1497e3c9957bf63e2495a69f51857d163a1cc92e3b89c887656e8f3c63b51b398ea76c447b23229c892b"
    "0b5436e012f2a8995a93633e86276824561d009c55c4636edc2eadbb74ebea1bc60b8710cc80f4615fbb8a2b"
    "0d58c5e54a88818228385875221cba75982d54ab12c7109de4732b2311bb7f61317481ce5a6090bd48c303d5"
    "613a0a7c3eb465043b1058b105dda4924e697ebac00316201bf359527675990c1abe9823ae67222280b65172"
    "756cfb4947ce46876c722ed07bad0f99140d564753f4187151678e463e32d53ac9db198afa8ce7584afb6864"
    "a1e94353007c86b743aa7533fcbb1593db368d1947b53681a2884d711bcdb18919c9acaa0cd5ca8e06c00f7a"
    "60eea9b6ef517af302118fd0890433cdc616100927a64fd542d6633d4b15c8843a7ef249c53b5c2ead521655"
    "9178066b93a4564d10b550070c0d7f724a39397aa99b5f908b21c92ab7aa601c6ec030ed741a93010a4df357"
    "da5caec5393f19b6a43bc28eac110ede597653a343f25a6efa853623d36cc1c338c5a777160bb8f1e60a3611"
    "6dedf68c3c951feb5722c1372e68b5b310c03b45b000af8999d417b3aa74abece85974a30d19f040cd191141"
    "1b741c60657711b2868a97df68544d0a7682a9012a06bb8ed12767184014edaf45491bc86e2ed71a8aaf81ba"
    "ecfa07ed2556cc89bb0256eaa2c1c4f99d8d416c1ed2cec99bcedfc24e3f715d4d28e5e51a2d9a868ca4391f"
    "3505f7677e001d0020d8a47011d55ff37f7286201bd839c4da25f58495dc4b70dc6e25dff220da1225000000"
    "180016000013636c69656e7473322e676f6f676c652e636f6d000b0002010000230000000500050100000000"
    "001700000010000e000c02683208687474702f312e31000a000c000a3a3a11ec001d00170018ff0100010044"
    "6900050003026832baba000100";
/* arkime-tests/tls13.pcap, client packets 4 (517 bytes);
 * expected values from arkime-tests/tls13.test. */
static const char tls13_draft_hex[] =
    "1603010200010001fc03034355d402c132771a9386b6e9994ae37069e0621af504c26673b1343843c21d8d00"
    "00264a4a130113021303c02bc02fc02cc030cca9cca8cc14cc13c013c014009c009d002f0035000a010001ad"
    "dada0000ff01000100000000180016000013626c6f672e636c6f7564666c6172652e636f6d00170000002300"
    "00000d00140012040308040401050308050501080606010201000500050100000000001200000010000e000c"
    "02683208687474702f312e3175500000000b000201000028002b00295a5a000100001d0020cf78b9167af054"
    "b922a96752b43973107b2a57766357dd288b2b42ab5df30e08002d00020101002b000b0acaca7f1203030302"
    "0301000a000a00085a5a001d001700180a0a000100001500e400000000000000000000000000000000000000"
    "0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
    "0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
    "0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
    "0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
    "000000000000000000000000000000000000000000000000000000000000000000";
/* suricata-verify/ja4-tls/input.pcap, client packets 4 (180 bytes);
 * expected values from suricata-verify/ja4-tls/test.yaml. */
static const char suricata_ja4_hex[] =
    "16030100af010000ab0303942d1fef575d770207c29dbe2401ccf05dcde1d2a5869c4a3eee38db551ad9bc00"
    "0024c02bc02f009ec00ac009c013c014c007c011003300320039009c002f0035000a000500040100005eff01"
    "000100000a00080006001700180019000b00020100002300003374000000100014001208737064792f332e31"
    "08687474702f312e317550000000050005010000000000120000000d00120010040105010201040305030203"
    "04020202";
/* ndpi-tests/pcap/android.pcap, client packets 288 (517 bytes);
 * expected values from ndpi-tests/result/android.pcap.out. */
static const char android_chrome_hex[] =
    "1603010200010001fc0303361d0aaa3648988b13e7f41c18fba68f31304f1d46156a2e75b0ffedd64ac3f220"
    "8f790bf6f33eff18bb1a19f421f7c06958415a2733ef273dd98a024bdc1abb8f0022aaaa130113021303c02b"
    "c02fc02cc030cca9cca8c013c014009c009d002f0035000a01000191baba0000000000180016000013616363"
    "6f756e74732e676f6f676c652e636f6d00170000ff01000100000a000a0008dada001d00170018000b000201"
    "00002300000010000e000c02683208687474702f312e31000500050100000000000d00140012040308040401"
    "050308050501080606010201001200000033002b0029dada000100001d0020da22f8e54de58ffc47cdcd080a"
    "b591f281ef99205339c22969fe5b08471f1951002d00020101002b000b0a8a8a0304030303020301001b0003"
    "0200020a0a000100001500c50000000000000000000000000000000000000000000000000000000000000000"
    "0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
    "0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
    "0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
    "000000000000000000000000000000000000000000000000000000000000000000";
/* ndpi-tests/pcap/tls_1.2_unidirectional_client.pcapng, client packets 3 (180 bytes);
 * expected values from ndpi-tests/result/tls_1.2_unidirectional_client.pcapng.out. */
static const char tls12_unidir_hex[] =
    "16030100af010000ab03038e45207099ff58927692f4e248d33fa3e238e1cfef86e54ca3c93af61839afdc00"
    "0008c02bc02cc02fc0300100007a00000024002200001f6e6f74696669636174696f6e732d70612e676f6f67"
    "6c65617069732e636f6d00170000ff01000100000a00080006001d00170018000b0002010000230000001000"
    "0e000c02683208687474702f312e31000500050100000000000d001400120403080404010503080505010806"
    "06010201";
/* ndpi-tests/pcap/malware.pcap, client packets 10 (517 bytes);
 * expected values from ndpi-tests/result/malware.pcap.out. */
static const char malware_tls13_hex[] =
    "1603010200010001fc0303621b0cfa371ea0644910e661df7346f3f5c1bc435210e380e001e1a854a947cf20"
    "bcd7e3dd1432d2367f8f75d6b5286e615617d31668785bdbbbbc9d45994289580024130113031302c02bc02f"
    "cca9cca8c02cc030c00ac009c013c01400330039002f0035000a0100018f0000001c001a0000177777772e69"
    "6e7465726e6574626164677579732e636f6d00170000ff01000100000a000e000c001d001700180019010001"
    "01000b00020100002300000010000e000c02683208687474702f312e310005000501000000000033006b0069"
    "001d0020ac392f54711690a2502f1c7da590486f97a74d495136f6ef282ad60bf821fd050017004104a105ed"
    "97cbd34a3817f7676949e790497ed19aee26d6d4fe82e0d67e543ea94c31e496344144f6931b6f098458e3fe"
    "be4c67791029a124ce37802e76090c001d002b0009080304030303020301000d001800160403050306030804"
    "0805080604010501060102030201002d00020101001c00024001001500870000000000000000000000000000"
    "0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
    "0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
    "000000000000000000000000000000000000000000000000000000000000000000";

struct tls_vec {
    const char *name;
    const char *hex;
    const char *ja3;     /* published JA3 hash, or NULL */
    const char *ja3_str; /* published JA3 string, or NULL */
    const char *ja4;     /* published JA4 */
    const char *ja4_r;   /* published raw JA4, or NULL */
    const char *sni;     /* expected host_name, NULL when there is no SNI */
    const char *alpn;    /* expected first ALPN name, NULL when there is no ALPN */
    unsigned ciphers;    /* cipher suites on the wire, GREASE included */
    unsigned exts;       /* extensions on the wire, GREASE included */
};

static const struct tls_vec vecs[] = {
    {
        .name = "curl_tls13",
        .hex = curl_tls13_hex,
        .ja3 = "eeadfd2f446a45ded96f804720a0c75b",
        .ja3_str = "771,4866-4867-4865-255,0-11-10-13172-16-22-23-49-13-43-45-51-21,29-23-30-25-"
                   "24,0-1-2",
        .ja4 = "t13d0413h2_16476d049b0b_ffceb19bae65",
        .ja4_r = "t13d0413h2_00ff,1301,1302,1303_000a,000b,000d,0015,0016,0017,002b,002d,0031,"
                 "0033,3374_0403,0503,0603,0807,0808,0809,080a,080b,0804,0805,0806,0401,0501,0"
                 "601",
        .sni = "enabled.tls13.com",
        .alpn = "h2",
        .ciphers = 4,
        .exts = 13,
    },
    {
        .name = "openssl_tls12",
        .hex = openssl_tls12_hex,
        .ja3 = "c1a36e1a870786cc75edddc0009eaf3a",
        .ja3_str = "771,49200-49196-49192-49188-49172-49162-163-159-107-106-57-56-136-135-49202-"
                   "49198-49194-49190-49167-49157-157-61-53-132-49170-49160-22-19-49165-49155-10"
                   "-49199-49195-49191-49187-49171-49161-162-158-103-64-51-50-154-153-69-68-4920"
                   "1-49197-49193-49189-49166-49156-156-60-47-150-65-7-49169-49159-49164-49154-5"
                   "-4-21-18-9-20-17-8-6-3-255,11-10-35-13-15,24-23,0-1-2",
        .ja4 = "t12i740500_c43983326036_3eafcbe19126",
        .ja4_r = "t12i740500_0003,0004,0005,0006,0007,0008,0009,000a,0011,0012,0013,0014,0015,"
                 "0016,002f,0032,0033,0035,0038,0039,003c,003d,0040,0041,0044,0045,0067,006a,0"
                 "06b,0084,0087,0088,0096,0099,009a,009c,009d,009e,009f,00a2,00a3,00ff,c002,c0"
                 "03,c004,c005,c007,c008,c009,c00a,c00c,c00d,c00e,c00f,c011,c012,c013,c014,c02"
                 "3,c024,c025,c026,c027,c028,c029,c02a,c02b,c02c,c02d,c02e,c02f,c030,c031,c032"
                 "_000a,000b,000d,000f,0023_0601,0602,0603,0501,0502,0503,0401,0402,0403,0301,"
                 "0302,0303,0201,0202,0203,0101",
        .ciphers = 74,
        .exts = 5,
    },
    {
        .name = "sslv3_selfsign",
        .hex = sslv3_selfsign_hex,
        .ja3 = "03e697d7655911e630ee3ee8e2a02ba4",
        .ja3_str = "768,57-56-53-22-19-10-51-50-47-154-153-150-5-4-21-18-9-20-17-8-6-3-255,,,",
        .ja4 = "ts3i230000_6a57a6f57151_000000000000",
        .ja4_r = "ts3i230000_0003,0004,0005,0006,0008,0009,000a,0011,0012,0013,0014,0015,0016,"
                 "002f,0032,0033,0035,0038,0039,0096,0099,009a,00ff_",
        .ciphers = 23,
        .exts = 0,
    },
    {
        .name = "alpn_h2",
        .hex = alpn_h2_hex,
        .ja3 = "3faa4ad39f690c4ef1c3160caa375465",
        .ja3_str = "771,49200-49196-49192-49188-49172-49162-159-107-57-52393-52392-52394-65413-1"
                   "96-136-129-157-61-53-192-132-49199-49195-49191-49187-49171-49161-158-103-51-"
                   "190-69-156-60-47-186-65-49169-49159-5-4-49170-49160-22-10-255,0-11-10-13-16,"
                   "29-23-24,0",
        .ja4 = "t12d4605h2_85626a9a5f7f_aaf95bb78ec9",
        .ja4_r = "t12d4605h2_0004,0005,000a,0016,002f,0033,0035,0039,003c,003d,0041,0045,0067,"
                 "006b,0081,0084,0088,009c,009d,009e,009f,00ba,00be,00c0,00c4,00ff,c007,c008,c"
                 "009,c00a,c011,c012,c013,c014,c023,c024,c027,c028,c02b,c02c,c02f,c030,cca8,cc"
                 "a9,ccaa,ff85_000a,000b,000d_0601,0603,efef,0501,0503,0401,0403,eeee,eded,030"
                 "1,0303,0201,0203",
        .sni = "www.cloudflare.com",
        .alpn = "h2",
        .ciphers = 46,
        .exts = 5,
    },
    {
        .name = "split_hello",
        .hex = split_hello_hex,
        .ja3 = "35708a08e7be9f7aa5bce7f2d5c1cecb",
        .ja3_str = "771,4865-4866-4867-49195-49199-49196-49200-52393-52392-49171-49172-156-157-4"
                   "7-53,13-18-45-27-65037-43-51-0-11-35-5-23-16-10-65281-17513,4588-29-23-24,0",
        .ja4 = "t13d1516h2_8daaf6152771_02713d6af862",
        .ja4_r = "t13d1516h2_002f,0035,009c,009d,1301,1302,1303,c013,c014,c02b,c02c,c02f,c030,"
                 "cca8,cca9_0005,000a,000b,000d,0012,0017,001b,0023,002b,002d,0033,4469,fe0d,f"
                 "f01_0403,0804,0401,0503,0805,0501,0806,0601",
        .sni = "clients2.google.com",
        .alpn = "h2",
        .ciphers = 16,
        .exts = 18,
    },
    {
        .name = "tls13_draft",
        .hex = tls13_draft_hex,
        .ja3 = "4826a90ec2daf4f7b4b64cc1c8bd343b",
        .ja3_str = "771,4865-4866-4867-49195-49199-49196-49200-52393-52392-52244-52243-49171-491"
                   "72-156-157-47-53-10,65281-0-23-35-13-5-18-16-30032-11-40-45-43-10-21,29-23-2"
                   "4,0",
        .ja4 = "t00d1815h2_a30347de7a75_2a77702ff8e0",
        .ja4_r = "t00d1815h2_000a,002f,0035,009c,009d,1301,1302,1303,c013,c014,c02b,c02c,c02f,"
                 "c030,cc13,cc14,cca8,cca9_0005,000a,000b,000d,0012,0015,0017,0023,0028,002b,0"
                 "02d,7550,ff01_0403,0804,0401,0503,0805,0501,0806,0601,0201",
        .sni = "blog.cloudflare.com",
        .alpn = "h2",
        .ciphers = 19,
        .exts = 17,
    },
    {
        .name = "suricata_ja4",
        .hex = suricata_ja4_hex,
        .ja4 = "t12i1810s1_27d4652c4487_06a4338d0495",
        .alpn = "spdy/3.1",
        .ciphers = 18,
        .exts = 10,
    },
    {
        .name = "android_chrome",
        .hex = android_chrome_hex,
        .ja3 = "66918128f1b9b03303d77c6f2eefd128",
        .ja4 = "t13d1615h2_46e7e9700bed_45f260be83e2",
        .sni = "accounts.google.com",
        .alpn = "h2",
        .ciphers = 17,
        .exts = 17,
    },
    {
        .name = "tls12_unidir",
        .hex = tls12_unidir_hex,
        .ja3 = "66fdcab9689b131fd04777de513ae009",
        .ja4 = "t12d0409h2_dd22d19553a2_b39be8c56a14",
        .sni = "notifications-pa.googleapis.com",
        .alpn = "h2",
        .ciphers = 4,
        .exts = 9,
    },
    {
        .name = "malware_tls13",
        .hex = malware_tls13_hex,
        .ja3 = "b20b44b18b853ef29ab773e921b03422",
        .ja4 = "t13d1814h2_29a2cd9e9f10_d267a5f792d4",
        .sni = "www.internetbadguys.com",
        .alpn = "h2",
        .ciphers = 18,
        .exts = 14,
    },
};

#define NVECS IOT_ARRAY_LEN(vecs)
#define BUF_MAX (8 * (IOT_TLS_MAX_HELLO + 64))

static size_t unhex(const char *hex, uint8_t *dst, size_t cap)
{
    size_t n = strlen(hex) / 2;
    assert_true(n <= cap);
    for (size_t i = 0; i < n; i++) {
        unsigned v;
        assert_int_equal(sscanf(&hex[2 * i], "%2x", &v), 1);
        dst[i] = (uint8_t)v;
    }
    return n;
}

/* The parser on an exactly sized heap copy, so a read past the end trips ASan. */
static int run(const uint8_t *b, size_t n, struct iot_tls_info *info)
{
    uint8_t *c = tu_exact_copy(b, n);
    assert_non_null(c);
    int rc = iot_tls_parse(c, n, info);
    free(c);
    return rc;
}

static struct iot_tls_info *new_info(void)
{
    struct iot_tls_info *i = calloc(1, sizeof(*i));
    assert_non_null(i);
    return i;
}

/* Expects a rejection for reason e (IOT_TLS_ERR_MAX: any reason); label names the case. */
static void expect_error_l(const char *label, const uint8_t *b, size_t n, enum iot_tls_error e)
{
    struct iot_tls_info *info = new_info();
    int rc = run(b, n, info);
    enum iot_tls_error got = info->error;
    free(info);
    if (rc != IOT_ERR_INPUT)
        fail_msg("%s: rc %d, want IOT_ERR_INPUT", label, rc);
    if (e != IOT_TLS_ERR_MAX ? got != e : got == IOT_TLS_ERR_NONE)
        fail_msg("%s: error %s, want %s", label, iot_tls_error_name(got), iot_tls_error_name(e));
}

#define expect_error(b, n, e) expect_error_l(#b, b, n, e)

static void check_vec(const struct tls_vec *v, const struct iot_tls_info *info)
{
    if (v->ja3 != NULL)
        assert_string_equal(info->ja3_hash, v->ja3);
    if (v->ja3_str != NULL)
        assert_string_equal(info->ja3, v->ja3_str);
    assert_false(info->ja3_truncated);
    assert_string_equal(info->ja4, v->ja4);
    if (v->ja4_r != NULL)
        assert_string_equal(info->ja4_r, v->ja4_r);
    assert_false(info->ja4_r_truncated);
    assert_false(info->fingerprint_partial);
    assert_int_equal(info->cipher_count, v->ciphers);
    assert_int_equal(info->extension_count, v->exts);
    assert_int_equal(info->has_sni, v->sni != NULL);
    if (v->sni != NULL) {
        assert_string_equal(info->sni, v->sni);
        assert_int_equal(info->sni_len, strlen(v->sni));
    }
    assert_int_equal(info->has_alpn, v->alpn != NULL);
    if (v->alpn != NULL) {
        assert_string_equal(info->alpn_first, v->alpn);
        assert_string_equal(info->alpn[0], v->alpn);
    }
}

/* Every real hello parses and gives the published fingerprints exactly. */
static void test_vectors(void **state)
{
    (void)state;
    static uint8_t b[BUF_MAX];
    struct iot_tls_info *info = new_info();
    for (size_t i = 0; i < NVECS; i++) {
        size_t n = unhex(vecs[i].hex, b, sizeof(b));
        print_message("vector %s (%zu bytes)\n", vecs[i].name, n);
        assert_int_equal(run(b, n, info), IOT_OK);
        assert_int_equal(info->error, IOT_TLS_ERR_NONE);
        assert_int_equal(info->consumed, n);
        assert_int_equal(info->records, 1);
        check_vec(&vecs[i], info);
    }
    free(info);
}

/* Field-level facts of two hellos, from reading their bytes by hand. */
static void test_vector_fields(void **state)
{
    (void)state;
    static uint8_t b[BUF_MAX];
    struct iot_tls_info *info = new_info();

    /* Chrome on Android (nDPI android.pcap, packet 288): GREASE in ciphers, extensions,
     * groups and supported_versions; TLS 1.3 offered by a 1.2 legacy version. */
    size_t n = unhex(android_chrome_hex, b, sizeof(b));
    assert_int_equal(run(b, n, info), IOT_OK);
    assert_true(info->grease);
    assert_true(iot_tls_is_grease(info->ciphers[0]));
    assert_int_equal(info->record_version, 0x0301);
    assert_int_equal(info->client_version, 0x0303);
    assert_int_equal(info->version, 0x0304);
    assert_true(info->has_supported_versions);
    assert_int_equal(info->session_id_len, 32);
    assert_int_equal(info->compression_count, 1);
    assert_int_equal(info->compression[0], 0);
    assert_int_equal(info->alpn_total, 2);
    assert_int_equal(info->alpn_count, 2);
    assert_string_equal(info->alpn[1], "http/1.1");
    assert_int_equal(info->alpn_len[1], 8);
    assert_int_equal(info->point_format_count, 1);
    assert_true(info->has_extensions);
    assert_false(info->duplicate_extension);

    /* SSLv3 (Arkime ssl-selfsign.pcap, packet 5): no extension block at all. */
    n = unhex(sslv3_selfsign_hex, b, sizeof(b));
    assert_int_equal(run(b, n, info), IOT_OK);
    assert_int_equal(info->client_version, 0x0300);
    assert_int_equal(info->version, 0x0300);
    assert_false(info->has_extensions);
    assert_false(info->grease);
    assert_int_equal(info->extension_count, 0);
    assert_int_equal(info->hello_len, n - 9);

    /* Draft TLS 1.3 (Arkime tls13.pcap): supported_versions' highest is a draft value, which
     * JA4 prints as "00" while JA3 keeps the legacy 771. */
    n = unhex(tls13_draft_hex, b, sizeof(b));
    assert_int_equal(run(b, n, info), IOT_OK);
    assert_true(info->version > 0x7f00);
    free(info);
}

/* Negative twin: every proper prefix of every real hello is "incomplete", never anything else,
 * so a caller retrying with more bytes always gets there. */
static void test_vector_prefixes(void **state)
{
    (void)state;
    static uint8_t b[BUF_MAX];
    struct iot_tls_info *info = new_info();
    for (size_t i = 0; i < NVECS; i++) {
        size_t n = unhex(vecs[i].hex, b, sizeof(b));
        for (size_t k = 0; k < n; k++) {
            assert_int_equal(run(b, k, info), IOT_ERR_INPUT);
            assert_int_equal(info->error, IOT_TLS_ERR_INCOMPLETE);
        }
    }
    free(info);
}

/* Bytes after the hello (a TLS 1.3 compatibility change_cipher_spec) are left alone. */
static void test_vector_trailing_record(void **state)
{
    (void)state;
    static uint8_t b[BUF_MAX];
    static const uint8_t ccs[] = {0x14, 0x03, 0x03, 0x00, 0x01, 0x01};
    struct iot_tls_info *info = new_info();
    for (size_t i = 0; i < NVECS; i++) {
        size_t n = unhex(vecs[i].hex, b, sizeof(b));
        memcpy(&b[n], ccs, sizeof(ccs));
        assert_int_equal(run(b, n + sizeof(ccs), info), IOT_OK);
        assert_int_equal(info->consumed, n);
        check_vec(&vecs[i], info);
    }
    free(info);
}

/* Re-frames a single-record hello into records of at most chunk handshake bytes each. */
static size_t resplit(const uint8_t *in, size_t n, size_t chunk, uint8_t *out, size_t cap)
{
    size_t hs = n - 5, o = 0;
    for (size_t off = 0; off < hs; off += chunk) {
        size_t k = IOT_MIN(chunk, hs - off);
        assert_true(k + 5 <= cap - o);
        out[o++] = 0x16;
        out[o++] = in[1];
        out[o++] = in[2];
        out[o++] = (uint8_t)(k >> 8);
        out[o++] = (uint8_t)k;
        memcpy(&out[o], &in[5 + off], k);
        o += k;
    }
    return o;
}

/* A hello spread over several records (down to one byte each, which splits the handshake
 * header itself) gives the same result as the single record. */
static void test_vector_resplit(void **state)
{
    (void)state;
    static uint8_t b[BUF_MAX], r[BUF_MAX];
    static const size_t chunks[] = {1, 2, 3, 5, 100, 256, 1000};
    struct iot_tls_info *info = new_info();
    for (size_t i = 0; i < NVECS; i++) {
        size_t n = unhex(vecs[i].hex, b, sizeof(b));
        for (size_t c = 0; c < IOT_ARRAY_LEN(chunks); c++) {
            size_t m = resplit(b, n, chunks[c], r, sizeof(r));
            assert_int_equal(run(r, m, info), IOT_OK);
            assert_int_equal(info->records, (n - 5 + chunks[c] - 1) / chunks[c]);
            assert_int_equal(info->consumed, m);
            check_vec(&vecs[i], info);
            /* One byte short of the last record: still incomplete. */
            expect_error(r, m - 1, IOT_TLS_ERR_INCOMPLETE);
        }
    }
    free(info);
}

/* A record split in two with an alert between the halves: interleaving is refused. */
static void test_split_interleaved(void **state)
{
    (void)state;
    static uint8_t b[BUF_MAX], r[BUF_MAX];
    size_t n = unhex(curl_tls13_hex, b, sizeof(b));
    size_t m = resplit(b, n, 300, r, sizeof(r));
    assert_int_equal(m, n + 5);
    /* Records: [0, 305) and [305, m). Put an alert record between them. */
    static const uint8_t alert[] = {0x15, 0x03, 0x01, 0x00, 0x02, 0x02, 0x28};
    static uint8_t x[BUF_MAX];
    memcpy(x, r, 305);
    memcpy(&x[305], alert, sizeof(alert));
    memcpy(&x[305 + sizeof(alert)], &r[305], m - 305);
    expect_error(x, m + sizeof(alert), IOT_TLS_ERR_NOT_HANDSHAKE);
    /* The first half alone is incomplete. */
    expect_error(r, 305, IOT_TLS_ERR_INCOMPLETE);
}

/* ---- Negative twins of the real hellos: one field changed in place. ---- */

enum field {
    F_CT,        /* record content type (u8) */
    F_RVER,      /* record version (u16) */
    F_RLEN,      /* record length (u16) */
    F_HTYPE,     /* handshake type (u8) */
    F_HLEN,      /* handshake length (u24) */
    F_SID,       /* session id length (u8) */
    F_CSLEN,     /* cipher suites length (u16) */
    F_COMPLEN,   /* compression methods length (u8) */
    F_EXTLEN,    /* extension block length (u16) */
    F_FIRSTEXT,  /* first extension's length (u16) */
    F_LASTEXT,   /* last extension's length (u16) */
    F_SNILIST,   /* server_name_list length (u16) */
    F_SNINAME,   /* host_name length (u16) */
    F_ALPNLIST,  /* ALPN protocol_name_list length (u16) */
    F_ALPNNAME,  /* first ALPN name length (u8) */
    F_GROUPLIST, /* supported_groups list length (u16) */
};

/* Offset and width of a field in a single-record real hello (test-side walk of known-good
 * bytes; the parser under test never sees this code). */
static size_t field_at(const uint8_t *b, enum field f, unsigned *w)
{
    size_t sid = 43, cs = sid + 1 + b[sid], comp = cs + 2 + iot_be16(&b[cs]);
    size_t ext = comp + 1 + b[comp], end = ext + 2 + iot_be16(&b[ext]);
    size_t e = ext + 2, last = 0, sni = 0, alpn = 0, groups = 0;
    while (e < end) {
        uint16_t t = iot_be16(&b[e]);
        if (t == 0x0000)
            sni = e + 4;
        if (t == 0x0010)
            alpn = e + 4;
        if (t == 0x000a)
            groups = e + 4;
        last = e;
        e += 4 + iot_be16(&b[e + 2]);
    }
    static const struct {
        unsigned w;
    } widths[] = {{1}, {2}, {2}, {1}, {3}, {1}, {2}, {1}, {2}, {2}, {2}, {2}, {2}, {2}, {1}, {2}};
    *w = widths[f].w;
    switch (f) {
    case F_CT:
        return 0;
    case F_RVER:
        return 1;
    case F_RLEN:
        return 3;
    case F_HTYPE:
        return 5;
    case F_HLEN:
        return 6;
    case F_SID:
        return sid;
    case F_CSLEN:
        return cs;
    case F_COMPLEN:
        return comp;
    case F_EXTLEN:
        return ext;
    case F_FIRSTEXT:
        return ext + 4;
    case F_LASTEXT:
        return last + 2;
    case F_SNILIST:
        assert_true(sni != 0);
        return sni;
    case F_SNINAME:
        assert_true(sni != 0);
        return sni + 3;
    case F_ALPNLIST:
        assert_true(alpn != 0);
        return alpn;
    case F_ALPNNAME:
        assert_true(alpn != 0);
        return alpn + 2;
    default:
        assert_true(groups != 0);
        return groups;
    }
}

struct twin {
    const char *name;
    enum field f;
    bool add; /* add value (mod 2^width) rather than set it */
    uint32_t value;
    enum iot_tls_error want; /* IOT_TLS_ERR_MAX: any error */
};

static void apply(uint8_t *b, const struct twin *t)
{
    unsigned w;
    size_t off = field_at(b, t->f, &w);
    uint32_t v = 0;
    for (unsigned i = 0; i < w; i++)
        v = v << 8 | b[off + i];
    v = t->add ? v + t->value : t->value;
    for (unsigned i = 0; i < w; i++)
        b[off + i] = (uint8_t)(v >> (8 * (w - 1 - i)));
}

#define MINUS1 0xffffffffu

static const struct twin twins[] = {
    {"content type alert", F_CT, false, 0x15, IOT_TLS_ERR_NOT_HANDSHAKE},
    {"content type appdata", F_CT, false, 0x17, IOT_TLS_ERR_NOT_HANDSHAKE},
    {"content type ccs", F_CT, false, 0x14, IOT_TLS_ERR_NOT_HANDSHAKE},
    {"record version 2.1", F_RVER, false, 0x0201, IOT_TLS_ERR_RECORD_VERSION},
    {"record length 0", F_RLEN, false, 0, IOT_TLS_ERR_RECORD_EMPTY},
    {"record length +1", F_RLEN, true, 1, IOT_TLS_ERR_INCOMPLETE},
    {"record length -1", F_RLEN, true, MINUS1, IOT_TLS_ERR_MAX},
    {"record length 2^14+1", F_RLEN, false, 0x4001, IOT_TLS_ERR_RECORD_TOO_LONG},
    {"record length 0xffff", F_RLEN, false, 0xffff, IOT_TLS_ERR_RECORD_TOO_LONG},
    {"handshake type server hello", F_HTYPE, false, 2, IOT_TLS_ERR_NOT_CLIENT_HELLO},
    {"handshake type 0", F_HTYPE, false, 0, IOT_TLS_ERR_NOT_CLIENT_HELLO},
    {"handshake length +1", F_HLEN, true, 1, IOT_TLS_ERR_INCOMPLETE},
    {"handshake length -1", F_HLEN, true, MINUS1, IOT_TLS_ERR_EXT_OVERRUN},
    {"handshake length 0", F_HLEN, false, 0, IOT_TLS_ERR_TRUNC},
    {"handshake length cap+1", F_HLEN, false, IOT_TLS_MAX_HELLO + 1, IOT_TLS_ERR_HELLO_TOO_LONG},
    {"handshake length 2^24-1", F_HLEN, false, 0xffffff, IOT_TLS_ERR_HELLO_TOO_LONG},
    {"session id 33", F_SID, false, 33, IOT_TLS_ERR_SESSION_ID},
    {"session id 255", F_SID, false, 255, IOT_TLS_ERR_SESSION_ID},
    {"0 cipher suites", F_CSLEN, false, 0, IOT_TLS_ERR_CIPHERS},
    {"odd cipher length", F_CSLEN, true, 1, IOT_TLS_ERR_CIPHERS},
    {"cipher length 0xfffe", F_CSLEN, false, 0xfffe, IOT_TLS_ERR_CIPHERS},
    {"0 compression methods", F_COMPLEN, false, 0, IOT_TLS_ERR_COMPRESSION},
    {"compression length 255", F_COMPLEN, false, 255, IOT_TLS_ERR_MAX},
    {"extension block +1", F_EXTLEN, true, 1, IOT_TLS_ERR_EXT_OVERRUN},
    {"extension block -1", F_EXTLEN, true, MINUS1, IOT_TLS_ERR_MAX},
    {"extension block 0xffff", F_EXTLEN, false, 0xffff, IOT_TLS_ERR_EXT_OVERRUN},
    {"first extension 0xffff", F_FIRSTEXT, false, 0xffff, IOT_TLS_ERR_EXT_OVERRUN},
    {"last extension +1", F_LASTEXT, true, 1, IOT_TLS_ERR_EXT_OVERRUN},
    {"sni list +1", F_SNILIST, true, 1, IOT_TLS_ERR_SNI},
    {"sni list -1", F_SNILIST, true, MINUS1, IOT_TLS_ERR_SNI},
    {"sni list 0", F_SNILIST, false, 0, IOT_TLS_ERR_SNI},
    {"sni name +1", F_SNINAME, true, 1, IOT_TLS_ERR_SNI},
    {"sni name 0", F_SNINAME, false, 0, IOT_TLS_ERR_SNI},
    {"alpn list +1", F_ALPNLIST, true, 1, IOT_TLS_ERR_ALPN},
    {"alpn name 0", F_ALPNNAME, false, 0, IOT_TLS_ERR_ALPN},
    {"alpn name 255", F_ALPNNAME, false, 255, IOT_TLS_ERR_ALPN},
    {"groups list +1", F_GROUPLIST, true, 1, IOT_TLS_ERR_EXT_BODY},
    {"groups list odd", F_GROUPLIST, true, MINUS1, IOT_TLS_ERR_EXT_BODY},
};

/* Each twin applied to every real hello that has SNI and ALPN in one record. */
static void test_twins(void **state)
{
    (void)state;
    static uint8_t b[BUF_MAX];
    static const char *const bases[] = {curl_tls13_hex, alpn_h2_hex, android_chrome_hex,
                                        malware_tls13_hex, tls12_unidir_hex};
    for (size_t i = 0; i < IOT_ARRAY_LEN(bases); i++) {
        for (size_t t = 0; t < IOT_ARRAY_LEN(twins); t++) {
            size_t n = unhex(bases[i], b, sizeof(b));
            apply(b, &twins[t]);
            expect_error_l(twins[t].name, b, n, twins[t].want);
        }
    }
}

/* Garbage and non-TLS starts are refused on the first bytes, without waiting for more. */
static void test_garbage(void **state)
{
    (void)state;
    static const uint8_t http[] = "GET / HTTP/1.1\r\n";
    static const uint8_t sslv2[] = {0x80, 0x2e, 0x01, 0x00, 0x02};
    static const uint8_t one[] = {0x16};
    static const uint8_t two_bad[] = {0x16, 0x02};
    static const uint8_t ff[] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
    static const uint8_t zeros[64] = {0};
    /* A handshake record whose first body byte says ServerHello: refused at once. */
    static const uint8_t sh[] = {0x16, 0x03, 0x03, 0x00, 0x01, 0x02};
    /* A full 4-byte header announcing 16 MiB, in a 4-byte record: refused at once. */
    static const uint8_t huge[] = {0x16, 0x03, 0x01, 0x00, 0x04, 0x01, 0xff, 0xff, 0xff};
    /* A 1-byte record, then a zero-length record. */
    static const uint8_t empty2[] = {0x16, 0x03, 0x01, 0x00, 0x01, 0x01,
                                     0x16, 0x03, 0x01, 0x00, 0x00};

    expect_error(http, sizeof(http) - 1, IOT_TLS_ERR_NOT_HANDSHAKE);
    expect_error(sslv2, sizeof(sslv2), IOT_TLS_ERR_NOT_HANDSHAKE);
    expect_error(one, sizeof(one), IOT_TLS_ERR_INCOMPLETE);
    expect_error(two_bad, sizeof(two_bad), IOT_TLS_ERR_RECORD_VERSION);
    expect_error(ff, sizeof(ff), IOT_TLS_ERR_NOT_HANDSHAKE);
    expect_error(zeros, sizeof(zeros), IOT_TLS_ERR_NOT_HANDSHAKE);
    expect_error(sh, sizeof(sh), IOT_TLS_ERR_NOT_CLIENT_HELLO);
    expect_error(huge, sizeof(huge), IOT_TLS_ERR_HELLO_TOO_LONG);
    expect_error(empty2, sizeof(empty2), IOT_TLS_ERR_RECORD_EMPTY);
    expect_error(NULL, 0, IOT_TLS_ERR_INCOMPLETE);
}

static void test_usage(void **state)
{
    (void)state;
    static const uint8_t b[] = {0x16};
    struct iot_tls_info *info = new_info();
    assert_int_equal(iot_tls_parse(b, sizeof(b), NULL), IOT_ERR_USAGE);
    assert_int_equal(iot_tls_parse(NULL, 5, info), IOT_ERR_USAGE);
    free(info);
}

/* ---- Hand-built hellos for what real captures do not show. ---- */

struct hb {
    uint8_t b[IOT_TLS_MAX_HELLO + 64];
    size_t n;
    size_t rec, hs, ext;
};

static void hb_u8(struct hb *h, unsigned v)
{
    assert_true(h->n < sizeof(h->b));
    h->b[h->n++] = (uint8_t)v;
}

static void hb_u16(struct hb *h, unsigned v)
{
    hb_u8(h, v >> 8);
    hb_u8(h, v & 0xff);
}

static void hb_bytes(struct hb *h, const void *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        hb_u8(h, ((const uint8_t *)p)[i]);
}

/* Writes the length of everything after a width-byte field at mark. */
static void hb_close(struct hb *h, size_t mark, unsigned width)
{
    size_t v = h->n - mark - width;
    for (unsigned i = 0; i < width; i++)
        h->b[mark + i] = (uint8_t)(v >> (8 * (width - 1 - i)));
}

/* Record, handshake header, TLS 1.2 version, zero random, no session id, the given ciphers,
 * null compression, and an open extension block. */
static void hb_begin(struct hb *h, const uint16_t *cs, size_t ncs)
{
    memset(h, 0, sizeof(*h));
    hb_bytes(h, "\x16\x03\x01", 3);
    h->rec = h->n;
    hb_u16(h, 0);
    hb_u8(h, 1);
    h->hs = h->n;
    hb_bytes(h, "\0\0\0", 3);
    hb_u16(h, 0x0303);
    for (int i = 0; i < 32; i++)
        hb_u8(h, 0);
    hb_u8(h, 0);
    hb_u16(h, (unsigned)(2 * ncs));
    for (size_t i = 0; i < ncs; i++)
        hb_u16(h, cs[i]);
    hb_u8(h, 1);
    hb_u8(h, 0);
    h->ext = h->n;
    hb_u16(h, 0);
}

static void hb_ext(struct hb *h, unsigned type, const void *body, size_t n)
{
    hb_u16(h, type);
    hb_u16(h, (unsigned)n);
    hb_bytes(h, body, n);
}

static void hb_sni(struct hb *h, const char *name, size_t n)
{
    hb_u16(h, 0);
    hb_u16(h, (unsigned)(n + 5));
    hb_u16(h, (unsigned)(n + 3));
    hb_u8(h, 0);
    hb_u16(h, (unsigned)n);
    hb_bytes(h, name, n);
}

static void hb_alpn(struct hb *h, const char *name, size_t n)
{
    hb_u16(h, 0x0010);
    hb_u16(h, (unsigned)(n + 3));
    hb_u16(h, (unsigned)(n + 1));
    hb_u8(h, (unsigned)n);
    hb_bytes(h, name, n);
}

static void hb_end(struct hb *h)
{
    hb_close(h, h->ext, 2);
    hb_close(h, h->hs, 3);
    hb_close(h, h->rec, 2);
}

static const uint16_t cs2[] = {0x1301, 0xc02f};

static void test_built_minimal(void **state)
{
    (void)state;
    static struct hb h;
    struct iot_tls_info *info = new_info();

    /* An empty extension block is legal: JA4 c is all zeros, JA3 lists are empty. */
    hb_begin(&h, cs2, 2);
    hb_end(&h);
    assert_int_equal(run(h.b, h.n, info), IOT_OK);
    assert_true(info->has_extensions);
    assert_string_equal(info->ja3, "771,4865-49199,,,");
    assert_string_equal(info->ja4_r, "t12i020000_1301,c02f_");
    assert_int_equal(strlen(info->ja4), IOT_TLS_JA4_LEN);
    assert_string_equal(&info->ja4[23], "_000000000000");

    /* One byte after compression is neither "no block" nor a block length. */
    hb_begin(&h, cs2, 2);
    h.n = h.ext + 1;
    hb_close(&h, h.hs, 3);
    hb_close(&h, h.rec, 2);
    expect_error(h.b, h.n, IOT_TLS_ERR_TRUNC);

    /* A byte after the extension block, inside the hello. */
    hb_begin(&h, cs2, 2);
    hb_close(&h, h.ext, 2);
    hb_u8(&h, 0);
    hb_close(&h, h.hs, 3);
    hb_close(&h, h.rec, 2);
    expect_error(h.b, h.n, IOT_TLS_ERR_TRAILING);

    /* Only GREASE ciphers: JA4 b hashes nothing and prints zeros. */
    static const uint16_t grease_only[] = {0x0a0a, 0xfafa};
    hb_begin(&h, grease_only, 2);
    hb_end(&h);
    assert_int_equal(run(h.b, h.n, info), IOT_OK);
    assert_true(info->grease);
    assert_string_equal(info->ja4, "t12i000000_000000000000_000000000000");
    assert_string_equal(info->ja3, "771,,,,");
    free(info);
}

static void test_built_sni(void **state)
{
    (void)state;
    static struct hb h;
    static char longname[300];
    struct iot_tls_info *info = new_info();

    /* A 300-byte host name is kept to 255 bytes and flagged. */
    memset(longname, 'a', sizeof(longname));
    hb_begin(&h, cs2, 2);
    hb_sni(&h, longname, sizeof(longname));
    hb_end(&h);
    assert_int_equal(run(h.b, h.n, info), IOT_OK);
    assert_true(info->has_sni);
    assert_true(info->sni_truncated);
    assert_int_equal(info->sni_len, IOT_TLS_SNI_MAX - 1);
    assert_int_equal(strlen(info->sni), IOT_TLS_SNI_MAX - 1);
    assert_int_equal(info->ja4[3], 'd');

    /* Two SNI extensions: the first wins, the hello is flagged, both are counted. */
    hb_begin(&h, cs2, 2);
    hb_sni(&h, "first.example", 13);
    hb_sni(&h, "second.example", 14);
    hb_end(&h);
    assert_int_equal(run(h.b, h.n, info), IOT_OK);
    assert_string_equal(info->sni, "first.example");
    assert_true(info->duplicate_extension);
    assert_int_equal(info->extension_count, 2);
    assert_string_equal(info->ja4_r, "t12d020200_1301,c02f_");

    /* A name with a NUL and high bytes is kept raw with its length. */
    hb_begin(&h, cs2, 2);
    hb_sni(&h, "a\0\xff", 3);
    hb_end(&h);
    assert_int_equal(run(h.b, h.n, info), IOT_OK);
    assert_int_equal(info->sni_len, 3);
    assert_memory_equal(info->sni, "a\0\xff", 4);

    /* A server_name list holding only a non-host_name entry: SNI extension present (JA4 'd'),
     * no host name. */
    static const uint8_t other[] = {0x00, 0x04, 0x07, 0x00, 0x01, 'x'};
    hb_begin(&h, cs2, 2);
    hb_ext(&h, 0, other, sizeof(other));
    hb_end(&h);
    assert_int_equal(run(h.b, h.n, info), IOT_OK);
    assert_false(info->has_sni);
    assert_int_equal(info->ja4[3], 'd');

    /* An empty server_name extension body. */
    hb_begin(&h, cs2, 2);
    hb_ext(&h, 0, NULL, 0);
    hb_end(&h);
    expect_error(h.b, h.n, IOT_TLS_ERR_SNI);
    free(info);
}

/* JA4's ALPN characters: first and last when alphanumeric, else the hex digits. */
static void test_built_alpn_chars(void **state)
{
    (void)state;
    static struct hb h;
    static const struct {
        const char *name;
        size_t n;
        const char *want;
    } cases[] = {
        {"h2", 2, "h2"}, {"http/1.1", 8, "h1"}, {"h", 1, "hh"},        {"\xab\xcd", 2, "ad"},
        {"-x", 2, "28"}, {"a\x01", 2, "61"},    {"spdy/3.1", 8, "s1"},
    };
    struct iot_tls_info *info = new_info();
    for (size_t i = 0; i < IOT_ARRAY_LEN(cases); i++) {
        hb_begin(&h, cs2, 2);
        hb_alpn(&h, cases[i].name, cases[i].n);
        hb_end(&h);
        assert_int_equal(run(h.b, h.n, info), IOT_OK);
        assert_memory_equal(&info->ja4[8], cases[i].want, 2);
        assert_int_equal(info->alpn_first_len, cases[i].n);
    }

    /* Ten names: eight kept, all counted; a 100-byte name is cut in alpn[] but whole in
     * alpn_first. */
    static char big[100];
    memset(big, 'z', sizeof(big));
    hb_begin(&h, cs2, 2);
    hb_u16(&h, 0x0010);
    size_t el = h.n;
    hb_u16(&h, 0);
    size_t ll = h.n;
    hb_u16(&h, 0);
    hb_u8(&h, sizeof(big));
    hb_bytes(&h, big, sizeof(big));
    for (int i = 0; i < 9; i++) {
        hb_u8(&h, 2);
        hb_bytes(&h, "h2", 2);
    }
    hb_close(&h, ll, 2);
    hb_close(&h, el, 2);
    hb_end(&h);
    assert_int_equal(run(h.b, h.n, info), IOT_OK);
    assert_int_equal(info->alpn_total, 10);
    assert_int_equal(info->alpn_count, IOT_TLS_MAX_ALPN);
    assert_true(info->alpn_truncated);
    assert_true(info->alpn_names_truncated);
    assert_int_equal(info->alpn_first_len, sizeof(big));
    assert_int_equal(strlen(info->alpn_first), sizeof(big));
    assert_int_equal(strlen(info->alpn[0]), IOT_TLS_ALPN_NAME_MAX - 1);
    assert_memory_equal(&info->ja4[8], "zz", 2);
    free(info);
}

/* Counts past 99 print as 99; lists past their cap are truncated and flagged. */
static void test_built_caps(void **state)
{
    (void)state;
    static struct hb h;
    static uint16_t many[IOT_MAX_TLS_CIPHERS + 88];
    struct iot_tls_info *info = new_info();

    for (size_t i = 0; i < IOT_ARRAY_LEN(many); i++)
        many[i] = (uint16_t)(0x0100 + i);
    hb_begin(&h, many, 150);
    hb_end(&h);
    assert_int_equal(run(h.b, h.n, info), IOT_OK);
    assert_int_equal(info->cipher_count, 150);
    assert_memory_equal(info->ja4, "t12i990000_", 11);
    assert_false(info->fingerprint_partial);

    hb_begin(&h, many, IOT_ARRAY_LEN(many));
    for (unsigned t = 0; t < IOT_MAX_TLS_EXTENSIONS + 10; t++)
        hb_ext(&h, 0x1000 + t, NULL, 0);
    hb_end(&h);
    assert_int_equal(run(h.b, h.n, info), IOT_OK);
    assert_int_equal(info->cipher_count, IOT_MAX_TLS_CIPHERS);
    assert_true(info->ciphers_truncated);
    assert_int_equal(info->extension_count, IOT_MAX_TLS_EXTENSIONS);
    assert_true(info->extensions_truncated);
    assert_true(info->fingerprint_partial);
    assert_memory_equal(info->ja4, "t12i9999", 8);
    assert_int_equal(strlen(info->ja3_hash), IOT_TLS_JA3_HASH_LEN);
    assert_true(info->ja3_truncated);
    assert_int_equal(strlen(info->ja3), IOT_TLS_JA3_MAX - 1);
    assert_true(info->ja4_r_truncated);
    assert_int_equal(strlen(info->ja4_r), IOT_TLS_JA4_R_MAX - 1);

    /* 40 supported_versions: 16 kept; the highest non-GREASE of those is the version. */
    uint8_t sv[1 + 80];
    sv[0] = 80;
    for (int i = 0; i < 40; i++) {
        sv[1 + 2 * i] = i % 2 ? 0x3a : 0x03;
        sv[2 + 2 * i] = i % 2 ? 0x3a : (uint8_t)(i % 5);
    }
    hb_begin(&h, cs2, 2);
    hb_ext(&h, 0x002b, sv, sizeof(sv));
    hb_end(&h);
    assert_int_equal(run(h.b, h.n, info), IOT_OK);
    assert_int_equal(info->version_count, IOT_TLS_MAX_VERSIONS);
    assert_true(info->versions_truncated);
    assert_true(info->grease);
    assert_int_equal(info->version, 0x0304);
    free(info);
}

/* The largest hello accepted, spread over two records; one byte more is refused. */
static void test_built_max_hello(void **state)
{
    (void)state;
    static struct hb h;
    static uint8_t pad[IOT_TLS_MAX_HELLO];
    static uint8_t r[2 * IOT_TLS_MAX_HELLO];
    struct iot_tls_info *info = new_info();

    /* Fixed part: 2 + 32 + 1 + 2 + 4 + 2 = 43 bytes, extension block 2, padding header 4. */
    size_t padlen = IOT_TLS_MAX_HELLO - 43 - 2 - 4;
    hb_begin(&h, cs2, 2);
    hb_ext(&h, 0x0015, pad, padlen);
    hb_end(&h);
    assert_int_equal(h.n, 9 + IOT_TLS_MAX_HELLO);
    /* One record cannot hold it (2^14 + 4 bytes): re-frame in 9000-byte records. */
    expect_error(h.b, h.n, IOT_TLS_ERR_RECORD_TOO_LONG);
    size_t m = resplit(h.b, h.n, 9000, r, sizeof(r));
    assert_int_equal(run(r, m, info), IOT_OK);
    assert_int_equal(info->records, 2);
    assert_int_equal(info->hello_len, IOT_TLS_MAX_HELLO);

    hb_begin(&h, cs2, 2);
    hb_ext(&h, 0x0015, pad, padlen + 1);
    hb_end(&h);
    m = resplit(h.b, h.n, 9000, r, sizeof(r));
    expect_error(r, m, IOT_TLS_ERR_HELLO_TOO_LONG);
    free(info);
}

static void test_grease(void **state)
{
    (void)state;
    unsigned n = 0;
    for (uint32_t v = 0; v <= 0xffff; v++)
        n += iot_tls_is_grease((uint16_t)v);
    assert_int_equal(n, 16);
    for (unsigned k = 0; k < 16; k++)
        assert_true(iot_tls_is_grease((uint16_t)(k << 12 | 0x0a00 | k << 4 | 0x0a)));
    assert_false(iot_tls_is_grease(0x0a1a));
    assert_false(iot_tls_is_grease(0xeaea + 1));
}

static void test_error_names(void **state)
{
    (void)state;
    for (int e = 0; e < IOT_TLS_ERR_MAX; e++) {
        const char *n = iot_tls_error_name((enum iot_tls_error)e);
        assert_non_null(n);
        assert_memory_equal(n, "app.tls.", 8);
        for (int f = 0; f < e; f++)
            assert_string_not_equal(n, iot_tls_error_name((enum iot_tls_error)f));
    }
    assert_string_equal(iot_tls_error_name(IOT_TLS_ERR_EXT_OVERRUN), "app.tls.ext_overrun");
    assert_string_equal(iot_tls_error_name(IOT_TLS_ERR_MAX), "app.tls.unknown");
    assert_string_equal(iot_tls_error_name((enum iot_tls_error) - 1), "app.tls.unknown");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_vectors),         cmocka_unit_test(test_vector_fields),
        cmocka_unit_test(test_vector_prefixes), cmocka_unit_test(test_vector_trailing_record),
        cmocka_unit_test(test_vector_resplit),  cmocka_unit_test(test_split_interleaved),
        cmocka_unit_test(test_twins),           cmocka_unit_test(test_garbage),
        cmocka_unit_test(test_usage),           cmocka_unit_test(test_built_minimal),
        cmocka_unit_test(test_built_sni),       cmocka_unit_test(test_built_alpn_chars),
        cmocka_unit_test(test_built_caps),      cmocka_unit_test(test_built_max_hello),
        cmocka_unit_test(test_grease),          cmocka_unit_test(test_error_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
