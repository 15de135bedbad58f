"""The web tests' report (imported by name: pytest puts this folder on sys.path)."""

# Public-domain policy writing (after CRS and GAO overviews of rural broadband), in five
# chapters, with a hostile heading and a hostile sentence: the page must show them as text.
BROADBAND = """\
# Broadband Access in Rural America: An Overview

This overview draws on public reports of the Congressional Research Service and the \
Government Accountability Office. It describes how federal programs support broadband \
service in rural areas.

## Background

Broadband refers to high-speed internet access that is always on. Rural areas often lack \
the infrastructure that urban areas take for granted. The cost of building networks rises \
as population density falls.

## Federal Programs

Several agencies fund rural broadband:

1. The Department of Agriculture makes loans and grants through the Rural Utilities Service.
2. The Federal Communications Commission supports service through the Universal Service Fund.
3. The Department of Commerce administers grants for infrastructure and digital equity.

## Risks of `<img src=x onerror=alert(1)>` Overlap

GAO has reported that programs overlap and lack a national strategy. Coordination among \
agencies can reduce duplication. A note for testers: `</script><script>alert(2)</script>` \
must stay text.

## Conclusion

Congress may consider how to measure progress. Better maps of service would help target funds.
"""

HOSTILE_HEADING = "Risks of <img src=x onerror=alert(1)> Overlap"
HOSTILE_SENTENCE = "A note for testers: </script><script>alert(2)</script> must stay text."
