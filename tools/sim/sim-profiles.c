/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Device profiles as data: vendor OUIs, DHCP fingerprints, cloud names, mDNS/SSDP services, cadences. */
#include "iotsec-common.h"

#include "sim.h"

/* Cloud endpoints: names the vendors' devices really resolve; addresses are plausible owners'. */
static const struct sim_cloud c_hik = {"litedev.hik-connect.com", "52.58.150.161", 443, 0, NULL};
static const struct sim_cloud c_tplink = {"devs.tplinkcloud.com", "52.41.19.198", 50443, 0, NULL};
static const struct sim_cloud c_lifx = {"v2.broker.lifx.co", "34.196.208.70", 56700, 0, NULL};
static const struct sim_cloud c_nest = {"frontdoor.nest.com", "34.205.126.10", 443, 1, NULL};
static const struct sim_cloud c_nest2 = {"transport.home.nest.com", "35.186.227.140", 443, 1,
                                         "h2,http/1.1"};
static const struct sim_cloud c_alexa = {"api.amazonalexa.com", "54.239.31.128", 443, 1,
                                         "h2,http/1.1"};
static const struct sim_cloud c_avs = {"avs-alexa-na.amazon.com", "52.94.233.130", 443, 1, "h2"};
static const struct sim_cloud c_ametrics = {"device-metrics-us.amazon.com", "52.94.236.248", 443,
                                            1, NULL};
static const struct sim_cloud c_gapis = {"www.googleapis.com", "142.250.72.106", 443, 1,
                                         "h2,http/1.1"};
static const struct sim_cloud c_gvideo = {"rr4---sn-vgqsknzz.googlevideo.com", "173.194.140.137",
                                          443, 1, "h2,http/1.1"};
static const struct sim_cloud c_hp = {"h10141.www1.hp.com", "15.73.182.64", 443, 0, NULL};
static const struct sim_cloud c_hue = {"ws.meethue.com", "52.29.220.8", 443, 0, NULL};
static const struct sim_cloud c_st = {"api.smartthings.com", "52.14.16.35", 443, 1, "http/1.1"};
const struct sim_cloud sim_cloud_mqtt = {"mqtt-us.smartthings.com", "52.15.78.201", 1883, 0, NULL};
static const struct sim_cloud c_ms = {"settings-win.data.microsoft.com", "20.42.65.92", 443, 0,
                                      "h2,http/1.1"};
static const struct sim_cloud c_icloud = {"gateway.icloud.com", "17.248.190.70", 443, 1,
                                          "h2,http/1.1"};

/* Sites the phones and laptops browse. */
const struct sim_cloud sim_browse[] = {
    {"www.google.com", "142.250.72.100", 443, 1, "h2,http/1.1"},
    {"www.youtube.com", "142.250.72.110", 443, 1, "h2,http/1.1"},
    {"en.wikipedia.org", "208.80.154.224", 443, 1, "h2,http/1.1"},
    {"www.reddit.com", "151.101.1.140", 443, 1, "h2,http/1.1"},
    {"github.com", "140.82.113.4", 443, 1, "h2,http/1.1"},
    {"www.netflix.com", "54.155.178.5", 443, 1, "h2,http/1.1"},
    {"www.bbc.co.uk", "151.101.0.81", 443, 1, "h2,http/1.1"},
    {"www.amazon.com", "54.239.28.85", 443, 1, "h2,http/1.1"},
    {"outlook.office365.com", "52.96.165.18", 443, 0, "h2,http/1.1"},
    {"api.spotify.com", "35.186.224.25", 443, 1, "h2,http/1.1"},
    {"www.facebook.com", "157.240.22.35", 443, 1, "h2,http/1.1"},
    {"www.instagram.com", "157.240.22.174", 443, 1, "h2,http/1.1"},
};
const size_t sim_nbrowse = IOT_ARRAY_LEN(sim_browse);

static const struct sim_mdns_svc m_cast = {
    "_googlecast._tcp",
    "Chromecast-7c1f3b9e2a",
    8009,
    {"id=7c1f3b9e2a4d5f60", "md=Chromecast", "fn=Living Room TV", "ve=05", "ca=201221"}};
static const struct sim_mdns_svc m_ipp = {
    "_ipp._tcp",
    "HP LaserJet Pro M404dn",
    631,
    {"ty=HP LaserJet Pro M404dn", "rp=ipp/print", "pdl=application/pdf,image/urf",
     "product=(HP LaserJet Pro M404dn)", "note=Office"}};
static const struct sim_mdns_svc m_printer = {
    "_printer._tcp",
    "HP LaserJet Pro M404dn",
    515,
    {"ty=HP LaserJet Pro M404dn", "rp=queue1", "qtotal=1", NULL, NULL}};
static const struct sim_mdns_svc m_pdl = {
    "_pdl-datastream._tcp",
    "HP LaserJet Pro M404dn",
    9100,
    {"ty=HP LaserJet Pro M404dn", NULL, NULL, NULL, NULL}};
static const struct sim_mdns_svc m_hue = {
    "_hue._tcp",
    "Philips Hue - 1A2B3C",
    443,
    {"bridgeid=001788fffe1a2b3c", "modelid=BSB002", NULL, NULL, NULL}};
static const struct sim_mdns_svc m_amzn = {
    "_amzn-wplay._tcp",
    "amazon-8c3b1e2f0",
    55442,
    {"n=Kitchen Echo", "s=0", "at=AQAAAAI", NULL, NULL}};

static const char ua_busybox[] = "Wget";
static const char ua_win[] = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, "
                             "like Gecko) Chrome/119.0.0.0 Safari/537.36";
static const char prl_udhcpc[] = "1,3,6,12,15,28,42";
static const char prl_android[] = "1,3,6,15,26,28,51,58,59,43";
static const char prl_windows[] = "1,3,6,15,31,33,43,44,46,47,119,121,249,252";

/* The order is the round-robin order of --devices: the kinds scenarios depend on come first. */
const struct sim_profile sim_profiles[] = {
    {.kind = "camera", .vendor = "Hikvision", .model = "DS-2CD2042WD-I",
     .hostname = "HIKVISION-DS2CD2", .os = "Linux 3.0 (busybox)", .oui = {0x44, 0x47, 0xCC},
     .dhcp_prl = prl_udhcpc, .dhcp_vc = "udhcp 1.19.4", .ttl = 64, .win = 29200, .eph_lo = 32768,
     .ua = ua_busybox, .server = "App-webs/", .cloud = {&c_hik},
     .ssdp_nt = "urn:schemas-upnp-org:device:Basic:1", .flags = SIM_F_HTTP_UI,
     .acts = {{ACT_ARP, 300, 20, 0}, {ACT_CLOUD_TLS, 60, 10, 0}, {ACT_NTP, 600, 5, 0},
              {ACT_SSDP_NOTIFY, 300, 10, 0}}},
    {.kind = "nvr", .vendor = "Hikvision", .model = "DS-7608NI-K2", .hostname = "HIKVISION-NVR",
     .os = "Linux 3.10 (busybox)", .oui = {0x58, 0x03, 0xFB}, .dhcp_prl = prl_udhcpc,
     .dhcp_vc = "udhcp 1.20.2", .ttl = 64, .win = 29200, .eph_lo = 32768, .ua = ua_busybox,
     .server = "DNVRS-Webs", .cloud = {&c_hik}, .ssdp_nt = "urn:schemas-upnp-org:device:Basic:1",
     .telnet_user = "root", .telnet_pass = "12345",
     .ssh_banner = "SSH-2.0-dropbear_2019.78", .ssh_port = 2222,
     .flags = SIM_F_TELNET | SIM_F_TELNET_OK | SIM_F_HTTP_UI,
     .acts = {{ACT_ARP, 300, 20, 0}, {ACT_RTSP_PULL, 20, 10, 0}, {ACT_CLOUD_TLS, 120, 10, 0},
              {ACT_NTP, 600, 5, 0}, {ACT_SSDP_NOTIFY, 300, 10, 0}}},
    {.kind = "plug", .vendor = "TP-Link", .model = "Kasa HS110", .hostname = "HS110",
     .os = "Linux 2.6.31 (busybox)", .oui = {0xD0, 0x37, 0x45}, .dhcp_prl = prl_udhcpc,
     .dhcp_vc = "udhcp 1.19.4", .ttl = 64, .win = 5840, .eph_lo = 40000, .ua = ua_busybox,
     .server = "TP-LINK", .cloud = {&c_tplink},
     .acts = {{ACT_ARP, 300, 20, 0}, {ACT_CLOUD_TLS, 60, 10, 0}, {ACT_NTP, 300, 5, 0}}},
    {.kind = "bulb", .vendor = "LIFX", .model = "LIFX A19", .hostname = "LIFX-A19",
     .os = "LIFX firmware (lwIP)", .oui = {0xD0, 0x73, 0xD5}, .dhcp_prl = "1,3,28,6",
     .dhcp_vc = NULL, .ttl = 255, .win = 5840, .eph_lo = 49153, .ua = ua_busybox,
     .server = "LIFX", .cloud = {&c_lifx},
     .acts = {{ACT_ARP, 600, 20, 0}, {ACT_CLOUD_TLS, 60, 10, 0}}},
    {.kind = "thermostat", .vendor = "Nest Labs", .model = "Nest Learning Thermostat (3rd gen)",
     .hostname = "Nest-Thermostat", .os = "Linux 3.x (Nest)", .oui = {0x18, 0xB4, 0x30},
     .dhcp_prl = "1,3,6,12,15,28,42,121", .dhcp_vc = "dhcpcd-5.5.6", .ttl = 64, .win = 14600,
     .eph_lo = 32768, .ua = ua_busybox, .server = "Nest", .cloud = {&c_nest, &c_nest2},
     .acts = {{ACT_ARP, 300, 20, 0}, {ACT_CLOUD_TLS, 30, 5, 0}, {ACT_CLOUD_TLS, 300, 10, 1},
              {ACT_NTP, 900, 5, 0}}},
    {.kind = "speaker", .vendor = "Amazon", .model = "Echo Dot (3rd gen)",
     .hostname = "amazon-8c3b1e2f0", .os = "Fire OS 6 (Android 7.1)", .oui = {0x68, 0xDB, 0xF5},
     .dhcp_prl = prl_android, .dhcp_vc = "android-dhcp-7.1.2", .ttl = 64, .win = 65535,
     .eph_lo = 37000, .ua = "Dalvik/2.1.0 (Linux; U; Android 7.1.2; AEOCH)", .server = "Echo",
     .cloud = {&c_alexa, &c_avs, &c_ametrics}, .mdns = {&m_amzn},
     .acts = {{ACT_ARP, 300, 20, 0}, {ACT_CLOUD_TLS, 45, 10, 0}, {ACT_CLOUD_TLS, 90, 10, 1},
              {ACT_CLOUD_TLS, 300, 10, 2}, {ACT_NTP, 600, 5, 0}, {ACT_MDNS, 120, 10, 0},
              {ACT_SSDP_SEARCH, 300, 10, 1}}},
    {.kind = "tv", .vendor = "Google", .model = "Chromecast (3rd gen)", .hostname = "Chromecast",
     .os = "Cast OS (Linux 4.9)", .oui = {0x3C, 0x5A, 0xB4},
     .dhcp_prl = "1,121,33,3,6,12,15,26,28,51,54,58,59,119", .dhcp_vc = "dhcpcd-9.4.1",
     .ttl = 64, .win = 65535, .eph_lo = 32768,
     .ua = "Mozilla/5.0 (X11; Linux armv7l) AppleWebKit/537.36 (KHTML, like Gecko) "
           "Chrome/114.0.0.0 Safari/537.36 CrKey/1.56.500000",
     .server = "Linux/3.8.13+, UPnP/1.0, Portable SDK for UPnP devices/1.6.18",
     .cloud = {&c_gapis, &c_gvideo}, .mdns = {&m_cast},
     .ssdp_nt = "urn:dial-multiscreen-org:service:dial:1",
     .acts = {{ACT_ARP, 300, 20, 0}, {ACT_MDNS, 120, 10, 0}, {ACT_SSDP_NOTIFY, 300, 10, 0},
              {ACT_HTTP_CHECK, 60, 10, 0}, {ACT_CLOUD_TLS, 120, 10, 0}, {ACT_STREAM, 180, 20, 1},
              {ACT_NTP, 900, 5, 0}}},
    {.kind = "printer", .vendor = "HP", .model = "LaserJet Pro M404dn",
     .hostname = "HP-LaserJet-M404", .os = "HP FutureSmart 4", .oui = {0x04, 0x0E, 0x3C},
     .dhcp_prl = "1,3,6,15,44,46,47,31,33,121,249,43,12", .dhcp_vc = "Hewlett-Packard JetDirect",
     .ttl = 64, .win = 8760, .eph_lo = 49152, .ua = "HP-ChaiSOE/1.0",
     .server = "HP HTTP Server; HP LaserJet Pro M404dn", .cloud = {&c_hp},
     .mdns = {&m_ipp, &m_printer, &m_pdl}, .ssdp_nt = "urn:schemas-upnp-org:device:Printer:1",
     .telnet_user = "admin", .telnet_pass = "hp-Xw9!q", .flags = SIM_F_TELNET | SIM_F_FTP |
     SIM_F_HTTP_UI,
     .acts = {{ACT_ARP, 300, 20, 0}, {ACT_MDNS, 120, 10, 0}, {ACT_SSDP_NOTIFY, 300, 10, 0},
              {ACT_CLOUD_TLS, 300, 10, 0}, {ACT_NTP, 3600, 5, 0}}},
    {.kind = "hub", .vendor = "Philips", .model = "Hue Bridge v2 (BSB002)",
     .hostname = "Philips-hue", .os = "Linux 3.14 (OpenWrt)", .oui = {0x00, 0x17, 0x88},
     .dhcp_prl = prl_udhcpc, .dhcp_vc = "udhcp 1.24.1", .ttl = 64, .win = 29200, .eph_lo = 32768,
     .ua = ua_busybox, .server = "Hue/1.0 UPnP/1.0 IpBridge/1.48.0", .cloud = {&c_hue},
     .mdns = {&m_hue}, .ssdp_nt = "upnp:rootdevice",
     .acts = {{ACT_ARP, 300, 20, 0}, {ACT_MDNS, 120, 10, 0}, {ACT_SSDP_NOTIFY, 300, 10, 0},
              {ACT_CLOUD_TLS, 60, 10, 0}, {ACT_NTP, 900, 5, 0}}},
    {.kind = "medical", .vendor = "Philips", .model = "IntelliVue MX450",
     .hostname = "MX450-ICU-BED3", .os = "VxWorks 6.9", .oui = {0x00, 0x09, 0x5C},
     .dhcp_prl = "1,3,6,15,28,51,58,59", .dhcp_vc = NULL, .ttl = 64, .win = 8192,
     .eph_lo = 1025, .ua = "", .server = "",
     .acts = {{ACT_ARP, 300, 20, 0}, {ACT_HL7, 30, 5, 0}}},
    {.kind = "computer", .vendor = "Dell", .model = "Precision 3460 (IntelliVue Information Center)",
     .hostname = "ICU-CENTRAL-ST", .os = "Windows 10", .oui = {0xC8, 0xF7, 0x50},
     .dhcp_prl = prl_windows, .dhcp_vc = "MSFT 5.0", .ttl = 128, .win = 64240, .eph_lo = 49152,
     .ua = ua_win, .server = "", .cloud = {&c_ms}, .flags = SIM_F_HL7,
     .acts = {{ACT_ARP, 300, 20, 0}, {ACT_CLOUD_TLS, 300, 10, 0}, {ACT_HTTP_CHECK, 600, 10, 3}}},
    {.kind = "plc", .vendor = "Schneider Electric", .model = "Modicon M221 (TM221CE16R)",
     .hostname = "M221-TM221CE16R", .os = "Schneider M221 firmware", .oui = {0x00, 0x00, 0x54},
     .dhcp_prl = "1,3,6,12", .dhcp_vc = NULL, .ttl = 64, .win = 4096, .eph_lo = 1025,
     .ua = "", .server = "", .acts = {{ACT_ARP, 600, 20, 0}}},
    {.kind = "computer", .vendor = "Dell", .model = "OptiPlex 7070 (SCADA HMI)",
     .hostname = "SCADA-HMI01", .os = "Windows 10", .oui = {0x98, 0xE7, 0x43},
     .dhcp_prl = prl_windows, .dhcp_vc = "MSFT 5.0", .ttl = 128, .win = 64240, .eph_lo = 49152,
     .ua = ua_win, .server = "", .cloud = {&c_ms},
     .acts = {{ACT_ARP, 300, 20, 0}, {ACT_MODBUS, 2, 5, 0}, {ACT_CLOUD_TLS, 300, 10, 0},
              {ACT_HTTP_CHECK, 600, 10, 3}, {ACT_NTP, 3600, 5, 0}}},
    {.kind = "computer", .vendor = "Intel", .model = "Windows 11 laptop (AX201 Wi-Fi)",
     .hostname = "DESKTOP-7F3K2QL", .os = "Windows 11", .oui = {0xAC, 0xED, 0x5C},
     .dhcp_prl = prl_windows, .dhcp_vc = "MSFT 5.0", .ttl = 128, .win = 64240, .eph_lo = 49152,
     .ua = ua_win, .server = "", .cloud = {&c_ms}, .flags = SIM_F_LAPTOP,
     .acts = {{ACT_ARP, 300, 20, 0}, {ACT_BROWSE, 15, 50, 0}, {ACT_WEB_UI, 300, 20, 0},
              {ACT_SSDP_SEARCH, 300, 20, 0}, {ACT_HTTP_CHECK, 600, 10, 3},
              {ACT_CLOUD_TLS, 300, 10, 0}}},
    {.kind = "hub", .vendor = "Samsung SmartThings", .model = "SmartThings Hub v3",
     .hostname = "SmartThings-Hub", .os = "Linux 4.9 (SmartThings)", .oui = {0x24, 0xFD, 0x5B},
     .dhcp_prl = prl_udhcpc, .dhcp_vc = "udhcp 1.27.2", .ttl = 64, .win = 29200, .eph_lo = 32768,
     .ua = ua_busybox, .server = "", .cloud = {&c_st},
     .acts = {{ACT_ARP, 300, 20, 0}, {ACT_MQTT, 30, 5, 0}, {ACT_CLOUD_TLS, 300, 10, 0},
              {ACT_NTP, 600, 5, 0}}},
    {.kind = "phone", .vendor = "Apple", .model = "iPhone 14", .hostname = "iPhone",
     .os = "iOS 17", .oui = {0xF0, 0xD1, 0xA9},
     .dhcp_prl = "1,121,3,6,15,108,114,119,252,95,44,46", .dhcp_vc = NULL, .ttl = 64,
     .win = 65535, .eph_lo = 49152,
     .ua = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 "
           "(KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1",
     .server = "", .cloud = {&c_icloud},
     .acts = {{ACT_ARP, 300, 20, 0}, {ACT_BROWSE, 20, 50, 0}, {ACT_CLOUD_TLS, 120, 10, 0},
              {ACT_HTTP_CHECK, 900, 10, 2}, {ACT_MDNS_QUERY, 60, 20, 1},
              {ACT_LIFX_POLL, 60, 20, 0}}},
    {.kind = "phone", .vendor = "Samsung", .model = "Galaxy S21", .hostname = "Galaxy-S21",
     .os = "Android 13", .oui = {0x88, 0x29, 0x9C}, .dhcp_prl = prl_android,
     .dhcp_vc = "android-dhcp-13", .ttl = 64, .win = 65535, .eph_lo = 37000,
     .ua = "Mozilla/5.0 (Linux; Android 13; SM-G991B) AppleWebKit/537.36 (KHTML, like Gecko) "
           "Chrome/119.0.0.0 Mobile Safari/537.36",
     .server = "",
     .acts = {{ACT_ARP, 300, 20, 0}, {ACT_BROWSE, 25, 50, 0}, {ACT_HTTP_CHECK, 300, 10, 1},
              {ACT_KASA_POLL, 30, 20, 0}, {ACT_SSDP_SEARCH, 120, 20, 0},
              {ACT_MDNS_QUERY, 90, 20, 0}}},
};
const size_t sim_nprofiles = IOT_ARRAY_LEN(sim_profiles);

const struct sim_profile sim_router_profile = {
    .kind = "router", .vendor = "NETGEAR", .model = "Nighthawk R7000", .hostname = "router",
    .os = "Linux 2.6.36 (NETGEAR firmware)", .oui = {0x38, 0x94, 0xED}, .dhcp_prl = NULL,
    .dhcp_vc = NULL, .ttl = 64, .win = 29200, .eph_lo = 32768, .ua = "",
    .server = "Linux/2.6.36, UPnP/1.0, miniupnpd/1.9",
    .ssdp_nt = "urn:schemas-upnp-org:device:InternetGatewayDevice:1", .telnet_user = "admin",
    .telnet_pass = "Ng7!pQ2z", .flags = SIM_F_TELNET | SIM_F_HTTP_UI};
