"""The three group-robot platforms, each in its own small module: how a message
looks there, how it is signed, and how to read the platform's answer.

A platform module has ``KIND``, ``LABEL``, ``SIGNED`` (takes a signing secret),
``LIMITS`` ((messages, seconds) windows it allows per robot), ``check_address(parts)``
(the shape of its webhook address), ``request(address, secret, message, now)`` →
(url, JSON body) and ``outcome(answer)`` → a summary, raising ``Rejected``.
"""

from dataclasses import dataclass, field

from notifications.robots import dingtalk, feishu, wecom


@dataclass(frozen=True)
class RobotMessage:
    """What a reminder says, before a platform puts it in its own format."""

    title: str
    facts: list  # (label, value) pairs
    url: str
    link_text: str
    #: Mobile numbers to @-mention, where the platform can (only people who gave one).
    mobiles: list = field(default_factory=list)

    def details(self):
        """The facts and the link, in the markdown every platform understands."""
        lines = [f"**{label}:** {value}" for label, value in self.facts]
        lines.append(f"[{self.link_text}]({self.url})")
        return "\n\n".join(lines)

    def markdown(self):
        return f"### {self.title}\n\n{self.details()}"

    def plain(self):
        lines = [self.title, *(f"{label}: {value}" for label, value in self.facts)]
        return "\n".join([*lines, f"{self.link_text}: {self.url}"])


PLATFORMS = {module.KIND: module for module in (wecom, dingtalk, feishu)}
CHOICES = [(module.KIND, module.LABEL) for module in PLATFORMS.values()]


def platform(kind):
    return PLATFORMS[kind]
