namespace Rehab.Referral.Domain; public static class Placeholder {}
